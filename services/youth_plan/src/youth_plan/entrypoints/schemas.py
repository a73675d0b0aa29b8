from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from youth_plan.domain.breach_ladder import LadderStep
from youth_plan.domain.commands import BreachedObligation, YouthReaction


class PlanApprovalIn(BaseModel):
    """For follow-up in the office (§36) `approved_by_coordinator` is the office's approval and
    the guardians' is not required."""

    model_config = ConfigDict(extra="forbid")

    approved_by_coordinator: bool
    approved_by_offender: bool
    approved_by_guardians: bool


class BreachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    occurred_on: date
    obligation: BreachedObligation


class BreachConversationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_on: date


class YouthCaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    office: str
    reaction: YouthReaction
    execution_months: int
    opened_at: datetime
    plan_approved_at: datetime | None
    execution_ends: datetime | None
    breaches: int
    conversation_held_on: date | None
    escalated_at: datetime | None


class LadderOutcomeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    step: LadderStep
    legal_basis: str
    consequence: str
