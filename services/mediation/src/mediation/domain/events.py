from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef
from mediation.domain.reporting import Recipient, Return
from mediation.domain.vocabulary import ContactTerm, MediationReaction, MeetingKind, NotHeldBecause


@dataclass(frozen=True)
class MediatorAddedToRoster:
    mediator_id: str
    office: str
    term_ends: date
    available_from: datetime


@dataclass(frozen=True)
class MediationCaseOpened:
    case_id: str
    office: str
    reaction: MediationReaction
    opened_at: datetime


@dataclass(frozen=True)
class MediatorsAssigned:
    case_id: str
    mediator_ids: tuple[str, ...]
    lead_mediator: str


@dataclass(frozen=True)
class MeetingScheduled:
    case_id: str
    meeting_id: str
    office: str
    starts_at: datetime
    kind: MeetingKind
    indirect: bool
    participants: tuple[PartyRef, ...]


@dataclass(frozen=True)
class AgreementApproved:
    case_id: str
    agreement_id: str
    office: str
    approved_at: datetime
    criminal: bool
    withdrawal_ends_at: datetime | None
    parties: tuple[PartyRef, ...]
    due_dates: tuple[date, ...]
    contact_terms: tuple[ContactTerm, ...]
    involves_convicted_person: bool


@dataclass(frozen=True)
class AgreementRefused:
    case_id: str
    agreement_id: str


@dataclass(frozen=True)
class MeetingEnded:
    case_id: str
    meeting_id: str
    office: str
    decision_basis: DecisionBasis
    held: bool
    not_held_because: NotHeldBecause | None
    agreement_reached: bool
    approved_agreement_id: str | None
    police_record_ends_on: date | None
    outcome: Return
    ended_at: datetime
    criminal: bool
    recipient: Recipient


@dataclass(frozen=True)
class AgreementWithdrawn:
    case_id: str
    agreement_id: str
    office: str
    withdrawn_by: str
    withdrawn_at: datetime
    outcome: Return
    criminal: bool
    recipient: Recipient


@dataclass(frozen=True)
class WithdrawalPeriodEnded:
    case_id: str
    agreement_id: str
    office: str
    ended_at: datetime


@dataclass(frozen=True)
class AgreementFulfilled:
    case_id: str
    agreement_id: str
    office: str
    fulfilled_at: datetime
    criminal: bool
    recipient: Recipient
    legal_basis: str


@dataclass(frozen=True)
class AgreementBreached:
    case_id: str
    agreement_id: str
    office: str
    reported_at: datetime
    legal_basis: str
    criminal: bool
    parties: tuple[PartyRef, ...]
    recipient: Recipient


@dataclass(frozen=True)
class PerformanceFallsDue:
    case_id: str
    agreement_id: str
    due_on: date
    parties: tuple[PartyRef, ...]
    office: str
