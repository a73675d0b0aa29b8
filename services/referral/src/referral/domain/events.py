from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from referral.domain.commands import DecisionBasis, DecisionMaker, Reaction
from referral.domain.parties import Party


@dataclass(frozen=True)
class ReferralRegistered:
    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date
    execution_months: int | None
    offender_is_minor: bool
    guardian_emails: tuple[str, ...]
    registered_at: datetime
    decided_by: DecisionMaker
    execution_ends_on: date | None
    no_new_crimes_condition: bool
    compensation_condition: bool
    temporary_guardian_needed: bool
    parties: tuple[Party, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class ReferralRejected:
    case_id: str
    sender_reference: str
    office: str
    legal_basis: str
    reason: str
    rejected_at: datetime
