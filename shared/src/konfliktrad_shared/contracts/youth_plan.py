"""Events the youth_plan service publishes, on its own topic and to the agencies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef


class EscalationRoute(StrEnum):
    PROSECUTION = "prosecution"
    CORRECTIONAL_SERVICE = "correctional_service"


class YouthCaseOpened(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.youth_case_opened.v1"

    case_id: str
    office: str
    reaction: Reaction
    opened_at: datetime

    def subject(self) -> str:
        return self.case_id


class YouthPlanApproved(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.youth_plan_approved.v1"

    case_id: str
    approved_at: datetime
    execution_ends: datetime

    def subject(self) -> str:
        return self.case_id


class BreachRecorded(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.breach_recorded.v1"

    case_id: str
    breach_number: int
    recorded_at: datetime

    def subject(self) -> str:
        return self.case_id


class BreachEscalated(IntegrationEvent):
    """The case is transferred after repeated breaches (§31 / §33 third para).

    Carries the outcome only — never what the breach conversation contained (§9).
    """

    event_type = "no.konfliktraadet.youth_plan.breach_escalated.v1"

    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    route: EscalationRoute
    legal_basis: str
    breaches: int
    escalated_at: datetime
    consequence: str = Field(
        default="",
        description="What the transfer asks of the agency, in words.",
    )

    def subject(self) -> str:
        return self.case_id


class ConferenceScheduled(IntegrationEvent):
    """A youth conference meeting is set (§24); notification invites the participants and
    the guardians, with the confidentiality information (§9)."""

    event_type = "no.konfliktraadet.youth_plan.conference_scheduled.v1"

    case_id: str
    conference_id: str
    office: str
    starts_at: datetime
    participants: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class BreachConversationScheduled(IntegrationEvent):
    """The young offender is summoned to a breach conversation (§31 / §33 / §36)."""

    event_type = "no.konfliktraadet.youth_plan.breach_conversation_scheduled.v1"

    case_id: str
    office: str
    starts_at: datetime
    legal_basis: str
    participants: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class PlanNotAgreed(IntegrationEvent):
    """No agreement on a plan: the case goes back to the court or the prosecution
    (konfliktrådsloven §25 fourth and fifth para). Carries no plan content."""

    event_type = "no.konfliktraadet.youth_plan.plan_not_agreed.v1"

    case_id: str
    office: str
    reaction: Reaction
    returned_to: str = Field(description="`court` or `prosecution`.")
    legal_basis: str
    recorded_at: datetime

    def subject(self) -> str:
        return self.case_id


class ExecutionInterrupted(IntegrationEvent):
    """Execution of the reaction is interrupted (§31 third and fourth para, §32, §33, §34)."""

    event_type = "no.konfliktraadet.youth_plan.execution_interrupted.v1"

    case_id: str
    office: str
    reaction: Reaction
    grounds: str
    legal_basis: str
    interrupted_on: date

    def subject(self) -> str:
        return self.case_id


class NewCrimeReported(IntegrationEvent):
    """A charge or conviction for a new crime during the execution period (§32, §34; §36
    third para). `coordinator_requests_court`: the coordinator asks the prosecution to bring
    a youth sentence before the court, with the police's and correctional service's consent."""

    event_type = "no.konfliktraadet.youth_plan.new_crime_reported.v1"

    case_id: str
    office: str
    reaction: Reaction
    stage: str = Field(description="`charged` or `convicted`.")
    legal_basis: str
    coordinator_requests_court: bool = False
    reported_on: date

    def subject(self) -> str:
        return self.case_id


class ExecutionCompleted(IntegrationEvent):
    """The execution period ended without interruption. The police record keeps the case
    until `police_record_until` (politiregisterloven §41 no. 1 (a))."""

    event_type = "no.konfliktraadet.youth_plan.execution_completed.v1"

    case_id: str
    office: str
    reaction: Reaction
    completed_on: date
    police_record_until: date
    legal_basis: str = "konfliktrådsloven §23; politiregisterloven §41 no. 1 (a)"

    def subject(self) -> str:
        return self.case_id


class ExecutionPeriodSet(IntegrationEvent):
    """The case's execution period as youth_plan runs it: the one end date of the case.

    The period runs from the youth conference ("Gjennomføringstiden løper fra tidspunkt for
    stormøtet", Prop. 57 L on konfliktrådsloven §23); its length is the court's or the
    prosecution's (§23 first and second para). Published when the conference's first meeting
    starts the period and whenever a correction of the referral moves it (`corrected`).
    Before the conference a corrected length has no dates yet."""

    event_type = "no.konfliktraadet.youth_plan.execution_period_set.v1"

    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    execution_months: int
    execution_starts: datetime | None
    execution_ends: datetime | None = Field(
        description="Midnight UTC of the period's last day; None before the conference."
    )
    legal_basis: str
    set_at: datetime
    corrected: bool = False

    def subject(self) -> str:
        return self.case_id


class PeriodCorrectionRefused(IntegrationEvent):
    """A corrected execution period (`referral.corrected.v1`) the case could not take, with
    the provision and the reason (konfliktrådsloven §8; forvaltningsloven §§24–25): the case
    was completed, interrupted, transferred or returned, or the corrected end would already
    have passed. Goes to the prosecution where it sent the case; the court has no topic."""

    event_type = "no.konfliktraadet.youth_plan.period_correction_refused.v1"

    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    execution_months: int | None
    legal_basis: str
    reason: str
    refused_at: datetime

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (
    YouthCaseOpened,
    YouthPlanApproved,
    BreachRecorded,
    BreachEscalated,
    ConferenceScheduled,
    BreachConversationScheduled,
    PlanNotAgreed,
    ExecutionInterrupted,
    NewCrimeReported,
    ExecutionCompleted,
    ExecutionPeriodSet,
    PeriodCorrectionRefused,
)
# Declared for the prosecution adapter's AsyncAPI description (see notification's
# agency_consumers): refusals of the prosecution's own corrections.
TO_PROSECUTION = (PeriodCorrectionRefused,)
