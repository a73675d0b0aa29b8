"""Events the vetting service publishes."""

from __future__ import annotations

from datetime import date, datetime

from konfliktrad_shared.contracts.base import IntegrationEvent

# `term_ends` of an appointment without a term limit (the office leader and employees, §4
# fourth para); `time_limited` says so explicitly.
NOT_TIME_LIMITED = date(9999, 12, 31)


class MediatorAppointed(IntegrationEvent):
    """A mediator appointed for a four-year term (§4 fourth para); no name or national id (§9).

    `term_ends` is the fourth anniversary of `term_starts`: the first day the appointment no
    longer holds; `NOT_TIME_LIMITED` when `time_limited` is false.
    """

    event_type = "no.konfliktraadet.vetting.mediator_appointed.v1"

    mediator_id: str
    office: str
    municipality: str
    term_starts: date
    term_ends: date
    appointed_at: datetime
    time_limited: bool = True
    role: str = "mediator"  # "mediator" or "office_leader" (mediator competence, §4 third para)

    def subject(self) -> str:
        return self.mediator_id


class MediatorTermRenewed(IntegrationEvent):
    """A new four-year term follows the old one (§4 fourth para)."""

    event_type = "no.konfliktraadet.vetting.mediator_term_renewed.v1"

    mediator_id: str
    office: str
    term_starts: date
    term_ends: date
    renewed_at: datetime

    def subject(self) -> str:
        return self.mediator_id


class MediatorTermExpired(IntegrationEvent):
    """The term ended without renewal: from `expired_on` the mediator may not be assigned."""

    event_type = "no.konfliktraadet.vetting.mediator_term_expired.v1"

    mediator_id: str
    office: str
    expired_on: date
    legal_basis: str = "konfliktrådsloven §4 fourth para"

    def subject(self) -> str:
        return self.mediator_id


class MediatorRevoked(IntegrationEvent):
    """A requirement of §§5–7 no longer holds: from `effective_on` no new assignments.

    Carries the provision, never the reason's personal details (a record entry stays in
    vetting).
    """

    event_type = "no.konfliktraadet.vetting.mediator_revoked.v1"

    mediator_id: str
    office: str
    effective_on: date
    legal_basis: str
    revoked_at: datetime

    def subject(self) -> str:
        return self.mediator_id


PUBLISHED = (MediatorAppointed, MediatorTermRenewed, MediatorTermExpired, MediatorRevoked)
