"""What a coordinator (or a consumed message, or a deadline) asks of a youth case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Condition,
    InterruptionGrounds,
    Measure,
    NewCrimeStage,
    Participant,
    RepeatedBreachAction,
    YouthReaction,
)


@dataclass(frozen=True)
class OpenYouthCase:
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    execution_months: int
    decision_basis: str = "strpl_71a"
    offender_is_minor: bool = True
    parties: list[dict[str, Any]] = field(default_factory=list)
    offender_of_age_on: date | None = None  # the 18th birthday, where a minor at the decision


@dataclass(frozen=True)
class CorrectExecutionPeriod:
    """The sender corrected the referral's execution period (`ReferralCorrected`)."""

    case_id: str
    execution_months: int | None
    corrected_at: datetime


@dataclass(frozen=True)
class ScheduleConference:
    case_id: str
    starts_at: datetime


@dataclass(frozen=True)
class HoldConferenceMeeting:
    case_id: str
    held_on: date
    attendees: frozenset[Participant]
    temporary_guardian_decision: str | None = None


@dataclass(frozen=True)
class ApproveYouthPlan:
    case_id: str
    approved_by_coordinator: bool
    approved_by_offender: bool
    approved_by_guardians: bool
    measures: frozenset[Measure] = frozenset()


@dataclass(frozen=True)
class RecordNoPlanAgreement:
    case_id: str


@dataclass(frozen=True)
class FormFollowUpTeam:
    case_id: str
    members: frozenset[Participant]
    guardians_not_members_reason: str | None = None


@dataclass(frozen=True)
class ImposeSubstanceBan:
    case_id: str
    necessity: str


@dataclass(frozen=True)
class LiftSubstanceBan:
    case_id: str


@dataclass(frozen=True)
class RecordControl:
    case_id: str
    kind: str  # "home_visit" | "urine" | "breath" | "blood"
    on: date


@dataclass(frozen=True)
class PostponeExecution:
    case_id: str
    reason: str


@dataclass(frozen=True)
class RepeatedBreachDecision:
    action: RepeatedBreachAction
    consents: frozenset[Participant] = frozenset()


@dataclass(frozen=True)
class RecordBreach:
    case_id: str
    occurred_on: date
    obligation: BreachedObligation
    intentional_or_negligent: bool = True
    decision: RepeatedBreachDecision | None = None


@dataclass(frozen=True)
class SummonToBreachConversation:
    case_id: str
    starts_at: datetime


@dataclass(frozen=True)
class HoldBreachConversation:
    case_id: str
    held_on: date
    attended: bool = True


@dataclass(frozen=True)
class SetConditions:
    case_id: str
    conditions: frozenset[Condition]
    necessity: str
    consents: frozenset[Participant]


@dataclass(frozen=True)
class DecideOnRepeatedBreach:
    case_id: str
    decision: RepeatedBreachDecision


@dataclass(frozen=True)
class InterruptExecution:
    case_id: str
    grounds: InterruptionGrounds
    on: date


@dataclass(frozen=True)
class ReportNewCrime:
    case_id: str
    stage: NewCrimeStage
    on: date
    coordinator_requests_court: bool = False
    consents: frozenset[Participant] = frozenset()


@dataclass(frozen=True)
class CompleteExecution:
    case_id: str
