from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from referral.domain.commands import Condition, DecisionBasis, DecisionMaker, Reaction
from referral.domain.model import CaseStatus


class CaseOut(BaseModel):
    """A case as a case officer sees it over the API; personal data stays sealed."""

    model_config = ConfigDict(from_attributes=True)

    case_id: str
    sender_reference: str
    sender: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date
    decided_on: date
    execution_months: int | None
    execution_ends_on: date | None
    decided_by: DecisionMaker | None
    condition: Condition | None
    no_new_crimes_condition: bool
    compensation_condition: bool
    temporary_guardian_needed: bool
    received_at: datetime
    status: CaseStatus
    rejection_basis: str | None
    rejection_reason: str | None
