from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from konfliktrad_shared.provisions import cite
from youth_plan.domain.breach_ladder import LadderStage, LadderStep
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


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConferenceIn(_In):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §24 first para"))

    starts_at: datetime


class ConferenceMeetingIn(_In):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §24 third para"))

    held_on: date
    attendees: set[Participant]
    # A choice, not free text: nothing personal about the guardians is written down here.
    temporary_guardian_decision: (
        Literal["temporary_guardian_appointed", "no_temporary_guardian_needed"] | None
    ) = Field(
        default=None,
        description="The coordinator's decision, required when the guardians do not attend "
        "(§24 fifth para).",
    )


class PlanApprovalIn(_In):
    """For follow-up in the office (§36) `approved_by_coordinator` is the office's approval and
    the guardians' is required only for a minor."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §25 first para"))

    approved_by_coordinator: bool
    approved_by_offender: bool
    approved_by_guardians: bool
    measures: set[Measure] = Field(default_factory=set)


class FollowUpTeamIn(_In):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §26 first para"))

    members: set[Participant]
    guardians_not_members_reason: (
        Literal["guardians_cannot_take_part", "guardians_will_not_take_part"] | None
    ) = Field(
        default=None,
        description="Why a minor's guardians are not on the team (konfliktrådsloven §26 first "
        "para: they are members); required when neither `guardians` nor `temporary_guardian` "
        "is among the members. A choice, not free text.",
    )


class SubstanceBanIn(_In):
    """§28 first para: the ban must be needed to prevent a new crime against someone's life,
    health or freedom — named here as what it protects, not in free text (§9)."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §28 first para"))

    protects: set[Literal["life", "health", "freedom"]] = Field(min_length=1)

    def necessity(self) -> str:
        return "to prevent a new crime against " + ", ".join(sorted(self.protects))


class ControlIn(_In):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §29 first para"))

    kind: Literal["home_visit", "urine_test", "breath_test", "blood_test"]
    on: date


class PostponementIn(_In):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §30"))

    reason: Literal["health", "especially_weighty_reasons"]


class RepeatedBreachDecisionIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 third para, §33 third para")
    )

    action: RepeatedBreachAction
    consents: set[Participant] = Field(default_factory=set)


class BreachIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 first para, §33 first para")
    )

    occurred_on: date
    obligation: BreachedObligation
    intentional_or_negligent: bool = True
    decision: RepeatedBreachDecisionIn | None = Field(
        default=None,
        description="The coordinator's decision on a repeated breach (§31/§33 third para), "
        "taken in the same call that records the breach.",
    )


class SummonsIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 first para, §33 first para")
    )

    starts_at: datetime


class BreachConversationIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 first para, §33 first para")
    )

    held_on: date
    attended: bool = True


class ConditionsIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 second para, §33 second para")
    )

    conditions: set[Condition]
    necessary_to_prevent_new_breaches: bool = Field(
        description="The coordinator's finding (§31/§33 second para); false is refused."
    )
    consents: set[Participant]

    def necessity(self) -> str:
        return "necessary to prevent new breaches" if self.necessary_to_prevent_new_breaches else ""


class InterruptionIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §31 fourth para, §33 fourth para")
    )

    grounds: InterruptionGrounds
    on: date


class NewCrimeIn(_In):
    model_config = ConfigDict(
        json_schema_extra=cite(
            "konfliktrådsloven §32 first and second para, §34 first and second para"
        )
    )

    stage: NewCrimeStage
    on: date
    coordinator_requests_court: bool = False
    consents: set[Participant] = Field(default_factory=set)


class PeriodCorrectionOut(BaseModel):
    received_at: datetime
    execution_months: int | None
    applied: bool
    legal_basis: str
    reason: str
    execution_ends: datetime | None


class YouthCaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    office: str
    reaction: YouthReaction
    execution_months: int
    opened_at: datetime
    conference_meetings: int
    execution_starts: datetime | None
    execution_ends: datetime | None
    plan_approved_at: datetime | None
    plan_not_agreed_at: datetime | None
    measures: list[str]
    team: list[str]
    team_without_guardians_reason: str | None = None
    breaches: int
    ladder_stage: LadderStage
    conversation_held_on: date | None
    conditions: list[str]
    escalated_at: datetime | None
    interrupted_on: date | None
    completed_on: date | None
    period_corrections: list[PeriodCorrectionOut] = Field(
        default_factory=list,
        description="Each correction of the execution period the sender made: applied (the "
        "end moved, counted from the conference) or refused, with the provision and why.",
    )


class LadderOutcomeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    step: LadderStep
    legal_basis: str
    consequence: str


class ProvisionOut(BaseModel):
    legal_basis: str


class AllowedStepOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    step: str = Field(
        description="record_breach, summon, hold_conversation, set_conditions, "
        "new_conference, transfer, or interrupt_<grounds>"
    )
    legal_basis: str
    consents: list[Participant] = Field(description="whose consent the step needs")


class NextDeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    due_on: date = Field(description="the deadline's last day")
    what: str = Field(description="execution_ends")
    legal_basis: str
