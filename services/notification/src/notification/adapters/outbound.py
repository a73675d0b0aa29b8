"""Domain events → outbox rows: Kafka events, letters to send, deliveries to agencies.

Letters and agency deliveries go through the outbox too, on channels Kafka topics cannot be
named (`smtp:…`, `agency:…`), so they inherit its guarantees: written with the decision,
sent after the commit, retried until acknowledged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from konfliktrad_shared.contracts import notification as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.uow import Outbound
from notification.domain import events
from notification.domain.commands import Agency

MAIL_CHANNEL = "smtp"
AGENCY_CHANNEL = "agency"
GUARDIAN_MAIL = f"{MAIL_CHANNEL}:guardian"
SEALED_RECIPIENT = {"table": "outbox", "column": "payload_recipient"}


def agency_channel(agency: Agency) -> str:
    return f"{AGENCY_CHANNEL}:{agency.value}"


class Letter(IntegrationEvent):
    event_type: ClassVar[str] = "internal.notification.letter.v1"

    case_id: str
    recipient_sealed: str
    title: str
    body: str

    def subject(self) -> str:
        return self.case_id


class AgencyDelivery(IntegrationEvent):
    event_type: ClassVar[str] = "internal.notification.agency_delivery.v1"

    event_id: str
    original_type: str
    source: str
    time: datetime
    about: str
    data: dict[str, Any]

    def subject(self) -> str:
        return self.about


def translator(cipher: FieldCipher) -> Outbound:
    def translate(event: Any) -> Sequence[OutgoingEvent]:
        match event:
            case events.GuardianLetterQueued():
                letter = Letter(
                    case_id=event.case_id,
                    recipient_sealed=cipher.encrypt(event.recipient, **SEALED_RECIPIENT),
                    title=event.subject,
                    body=event.body,
                )
                return (OutgoingEvent(GUARDIAN_MAIL, letter),)
            case events.GuardiansNotified():
                notified = contract.GuardiansNotified(
                    case_id=event.case_id,
                    about_event=event.about_event,
                    recipients=event.recipients,
                    notified_at=event.notified_at,
                )
                return (OutgoingEvent(topics.NOTIFICATION_EVENTS, notified),)
            case events.AgencyDeliveryQueued():
                delivery = AgencyDelivery(
                    event_id=event.event_id,
                    original_type=event.event_type,
                    source=event.source,
                    time=event.time,
                    about=event.subject,
                    data=event.data,
                )
                return (OutgoingEvent(agency_channel(event.agency), delivery),)
        return ()

    return translate
