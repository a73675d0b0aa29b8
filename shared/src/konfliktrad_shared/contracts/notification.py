"""Events the notification service publishes. They name people only by pseudonymous party
references (§9): never a name, an address or what a letter said."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from konfliktrad_shared.contracts.base import IntegrationEvent


class GuardiansNotified(IntegrationEvent):
    event_type = "no.konfliktraadet.notification.guardians_notified.v1"

    case_id: str
    about_event: str
    recipients: int
    notified_at: datetime

    def subject(self) -> str:
        return self.case_id


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"  # the channel (mail server, SMS provider, digital post, print queue) took it
    DELIVERED = "delivered"  # a delivery receipt came back (digital mailbox)
    FAILED = "failed"  # no address, or the channel gave up
    BOUNCED = "bounced"  # the channel refused the address for good


class NoticeStatusChanged(IntegrationEvent):
    """One notice (one event, one recipient, one channel) moved on in its delivery."""

    event_type = "no.konfliktraadet.notification.notice_status_changed.v1"

    notice_id: str = Field(description="Derived from (about_event, party_id, channel).")
    about_event: str = Field(description="The ce_id of the event that called for the notice.")
    case_id: str
    party_id: str = Field(description="The pseudonymous party reference of the recipient.")
    kind: str = Field(description="withdrawal_notice, guardian_meeting_notice, …")
    channel: str = Field(description="email, sms, digital_mailbox or paper")
    legal_basis: str
    status: DeliveryStatus
    reason: str | None = None
    at: datetime

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (GuardiansNotified, NoticeStatusChanged)
