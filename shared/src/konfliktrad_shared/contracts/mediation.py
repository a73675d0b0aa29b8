"""Events the mediation service publishes. Never what was said in a meeting (§9)."""

from __future__ import annotations

from datetime import datetime

from konfliktrad_shared.contracts.base import IntegrationEvent


class MediatorAvailable(IntegrationEvent):
    """An appointed mediator has joined an office's roster and can be assigned cases."""

    event_type = "no.konfliktraadet.mediation.mediator_available.v1"

    mediator_id: str
    office: str
    available_from: datetime

    def subject(self) -> str:
        return self.mediator_id


PUBLISHED = (MediatorAvailable,)
