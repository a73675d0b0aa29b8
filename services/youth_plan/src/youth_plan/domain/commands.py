"""What a coordinator (or a consumed message, or a deadline) asks of a youth case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class YouthReaction(StrEnum):
    YOUTH_FOLLOW_UP = "youth_follow_up"
    YOUTH_SENTENCE = "youth_sentence"
    FOLLOW_UP = "follow_up"  # follow-up in the office (§36): plan, office follow-up, §33 breaches


class BreachedObligation(StrEnum):
    YOUTH_PLAN = "youth_plan"  # §25
    GENERAL_OBLIGATIONS = "general_obligations"  # §27
    SUBSTANCE_BAN = "substance_ban"  # §28
    LADDER_CONDITION = "ladder_condition"  # §31 / §33 second para (a)–(d)


class Participant(StrEnum):
    """Who may sit at a youth conference or follow-up team, or give a consent (§§24, 26)."""

    OFFENDER = "offender"
    GUARDIANS = "guardians"
    TEMPORARY_GUARDIAN = "temporary_guardian"
    CORRECTIONAL_SERVICE = "correctional_service"
    POLICE = "police"
    VICTIM = "victim"
    VICTIMS_GUARDIANS = "victims_guardians"
    DEFENCE_COUNSEL = "defence_counsel"
    VICTIMS_COUNSEL = "victims_counsel"
    SCHOOL = "school"
    CHILD_WELFARE = "child_welfare"
    HEALTH_SERVICES = "health_services"
    OTHER = "other"


class Measure(StrEnum):
    """§25 first para (a)–(h); institution and treatment: second para, youth sentence only."""

    NON_ECONOMIC_COMPENSATION = "a_non_economic_compensation"
    CRIME_PREVENTION_PROGRAMME = "b_crime_prevention_programme"
    COMMUNITY_TASKS = "c_community_tasks"
    RESIDENCE_WORK_EDUCATION_RULES = "d_residence_work_education_rules"
    REPORT_TO_POLICE_OR_CORRECTIONAL = "e_report_to_police_or_correctional"
    ABSTAIN_AND_DRUG_TESTS = "f_abstain_and_drug_tests"
    CURFEW = "g_curfew"
    NO_CONTACT = "h_no_contact"
    INSTITUTION = "institution"
    TREATMENT = "treatment"


class Condition(StrEnum):
    """§31 / §33 second para (a)–(d)."""

    RESIDENCE = "a_residence"
    NO_CONTACT = "b_no_contact"
    NO_ALCOHOL_OR_DRUGS = "c_no_alcohol_or_drugs"
    REPORT_TO_POLICE_OR_CORRECTIONAL = "d_report_to_police_or_correctional"


class RepeatedBreachAction(StrEnum):
    NEW_CONFERENCE = "new_conference"
    TRANSFER = "transfer"


class InterruptionGrounds(StrEnum):
    NO_SHOW_AT_CONVERSATION = "no_show_at_conversation"  # §31 / §33 fourth para, 1st sentence
    BREACH_AFTER_CONVERSATION = "breach_after_conversation"  # fourth para, 2nd sentence
    PETITION_SENT_TO_COURT = "petition_sent_to_court"  # §31 third, §32 first, §33/§34
    PROSECUTION_RESUMED = "prosecution_resumed"  # §33 third para, §34 first para
    PROSECUTION_AFTER_CHARGE = "prosecution_after_charge"  # §32 / §34 second para


class NewCrimeStage(StrEnum):
    CHARGED = "charged"
    CONVICTED = "convicted"


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
