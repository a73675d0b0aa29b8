"""Every step of a youth case is one of these; `adapters/outbound.py` decides which of them an
agency or notification must hear of. None carries what was said in a meeting (§9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from youth_plan.domain.vocabulary import YouthReaction


@dataclass(frozen=True)
class YouthCaseOpened:
    case_id: str
    office: str
    reaction: YouthReaction
    opened_at: datetime


@dataclass(frozen=True)
class ConferenceScheduled:
    case_id: str
    conference_id: str
    office: str
    starts_at: datetime
    participants: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ConferenceMeetingHeld:
    case_id: str
    meeting_number: int
    held_on: date
    attendees: tuple[str, ...]
    temporary_guardian_decision: str | None


@dataclass(frozen=True)
class ExecutionStarted:
    case_id: str
    starts: datetime
    ends: datetime


@dataclass(frozen=True)
class ExecutionPeriodSet:
    """The case's one end date, set at the conference or moved by an applied correction."""

    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    execution_months: int
    execution_starts: datetime | None
    execution_ends: datetime | None
    legal_basis: str
    set_at: datetime
    corrected: bool = False


@dataclass(frozen=True)
class PeriodCorrectionRefused:
    """A corrected execution period the case could no longer take, with the provision."""

    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    returned_to: str  # who hears of it: the sender ("prosecution" or "court")
    execution_months: int | None
    legal_basis: str
    reason: str
    refused_at: datetime


@dataclass(frozen=True)
class YouthPlanApproved:
    case_id: str
    approved_at: datetime
    execution_ends: datetime


@dataclass(frozen=True)
class PlanNotAgreed:
    case_id: str
    office: str
    reaction: YouthReaction
    returned_to: str
    legal_basis: str
    recorded_at: datetime


@dataclass(frozen=True)
class FollowUpTeamFormed:
    case_id: str
    members: tuple[str, ...]
    guardians_not_members_reason: str | None = None


@dataclass(frozen=True)
class SubstanceBanImposed:
    case_id: str
    at: datetime


@dataclass(frozen=True)
class SubstanceBanLifted:
    case_id: str
    at: datetime


@dataclass(frozen=True)
class ControlRecorded:
    """§29: a home visit or a drug test — not part of the plan."""

    case_id: str
    kind: str
    on: date


@dataclass(frozen=True)
class ExecutionPostponed:
    case_id: str
    at: datetime


@dataclass(frozen=True)
class BreachRecorded:
    case_id: str
    breach_number: int
    recorded_at: datetime


@dataclass(frozen=True)
class BreachConversationScheduled:
    case_id: str
    office: str
    starts_at: datetime
    legal_basis: str
    participants: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class BreachConversationHeld:
    case_id: str
    held_at: datetime
    attended: bool = True


@dataclass(frozen=True)
class ConditionsSet:
    case_id: str
    conditions: tuple[str, ...]
    legal_basis: str


@dataclass(frozen=True)
class NewConferenceConvened:
    case_id: str
    legal_basis: str


@dataclass(frozen=True)
class BreachEscalated:
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    legal_basis: str
    breaches: int
    escalated_at: datetime
    consequence: str = ""


@dataclass(frozen=True)
class ExecutionInterrupted:
    case_id: str
    office: str
    reaction: YouthReaction
    grounds: str
    legal_basis: str
    interrupted_on: date


@dataclass(frozen=True)
class NewCrimeReported:
    case_id: str
    office: str
    reaction: YouthReaction
    stage: str
    legal_basis: str
    coordinator_requests_court: bool
    reported_on: date


@dataclass(frozen=True)
class ExecutionCompleted:
    case_id: str
    office: str
    reaction: YouthReaction
    completed_on: date
    police_record_until: date
