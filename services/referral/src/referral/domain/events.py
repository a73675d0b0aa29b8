from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from referral.domain.parties import Party
from referral.domain.vocabulary import DecisionBasis, DecisionMaker, Reaction


@dataclass(frozen=True)
class ReferralRegistered:
    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date | None
    execution_months: int | None
    offender_is_minor: bool
    registered_at: datetime
    decided_by: DecisionMaker
    execution_ends_on: date | None
    no_new_crimes_condition: bool
    compensation_condition: bool
    temporary_guardian_needed: bool
    parties: tuple[Party, ...] = field(default=(), repr=False)
    offender_of_age_on: date | None = None


@dataclass(frozen=True)
class ReferralRejected:
    case_id: str
    sender_reference: str
    office: str
    legal_basis: str
    reason: str
    rejected_at: datetime
    criminal: bool = True  # a criminal case goes back to the prosecution (§8, §20)


@dataclass(frozen=True)
class ReferralCorrected:
    case_id: str
    sender_reference: str
    office: str
    changed_fields: tuple[str, ...]
    execution_months: int | None
    execution_ends_on: date | None
    temporary_guardian_needed: bool
    corrected_at: datetime


@dataclass(frozen=True)
class ReferralPostponed:
    case_id: str
    sender_reference: str
    office: str
    expected_on: date
    legal_basis: str
    postponed_at: datetime


@dataclass(frozen=True)
class CaseMoved:
    case_id: str
    from_office: str
    to_office: str
    legal_basis: str
    moved_at: datetime


@dataclass(frozen=True)
class ReferralWithdrawn:
    case_id: str
    sender_reference: str
    office: str
    withdrawn_on: date
    withdrawn_at: datetime
