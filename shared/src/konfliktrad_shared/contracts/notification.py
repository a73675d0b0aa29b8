"""Events the notification service publishes."""

from __future__ import annotations

from datetime import datetime

from konfliktrad_shared.contracts.base import IntegrationEvent


class GuardiansNotified(IntegrationEvent):
    event_type = "no.konfliktraadet.notification.guardians_notified.v1"

    case_id: str
    about_event: str
    recipients: int
    notified_at: datetime

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (GuardiansNotified,)
