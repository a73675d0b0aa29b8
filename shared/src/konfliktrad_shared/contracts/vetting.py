"""Events the vetting service publishes."""

from __future__ import annotations

from datetime import date, datetime

from konfliktrad_shared.contracts.base import IntegrationEvent


class MediatorAppointed(IntegrationEvent):
    """A mediator appointed for a four-year term (§4 fourth para); no name or national id (§9).

    `term_ends` is the fourth anniversary of `term_starts`: the first day the appointment no
    longer holds.
    """

    event_type = "no.konfliktraadet.vetting.mediator_appointed.v1"

    mediator_id: str
    office: str
    municipality: str
    term_starts: date
    term_ends: date
    appointed_at: datetime

    def subject(self) -> str:
        return self.mediator_id


PUBLISHED = (MediatorAppointed,)
