"""Events the mediation service publishes. Never what was said in a meeting (§9)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef


class MediatorAvailable(IntegrationEvent):
    """An appointed mediator has joined an office's roster and can be assigned cases."""

    event_type = "no.konfliktraadet.mediation.mediator_available.v1"

    mediator_id: str
    office: str
    available_from: datetime

    def subject(self) -> str:
        return self.mediator_id


class MeetingScheduled(IntegrationEvent):
    """A meeting is set; notification invites the participants, tells them about
    confidentiality (§9) and notifies a minor party's guardians (§11)."""

    event_type = "no.konfliktraadet.mediation.meeting_scheduled.v1"

    case_id: str
    meeting_id: str
    office: str
    starts_at: datetime
    kind: str = Field(description="One of the meeting kinds of §1 fourth para.")
    indirect: bool = False
    participants: list[PartyRef] = Field(
        description="Invited parties and guardians, as the referral named them (sealed contacts)."
    )

    def subject(self) -> str:
        return self.case_id


class AgreementApproved(IntegrationEvent):
    """The mediators approved an agreement. In a prosecution case either party may withdraw
    until `withdrawal_ends_at` (exclusive) unless it is fulfilled (§18); notification sends
    each party the right and its consequences in writing."""

    event_type = "no.konfliktraadet.mediation.agreement_approved.v1"

    case_id: str
    agreement_id: str
    office: str
    approved_at: datetime
    prosecution_case: bool
    withdrawal_ends_at: datetime | None
    parties: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class PerformanceDue(IntegrationEvent):
    """A reminder: a performance in an approved agreement falls due (§17)."""

    event_type = "no.konfliktraadet.mediation.performance_due.v1"

    case_id: str
    agreement_id: str
    due_on: date
    parties: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (MediatorAvailable, MeetingScheduled, AgreementApproved, PerformanceDue)
