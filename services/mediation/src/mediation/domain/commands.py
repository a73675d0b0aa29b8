from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef
from mediation.domain.agreements import Agreement, CivilMinorExemption
from mediation.domain.meetings import Meeting
from mediation.domain.vocabulary import MediationReaction


@dataclass(frozen=True)
class AddMediatorToRoster:
    mediator_id: str
    office: str
    term_ends: date
    term_starts: date | None = None


@dataclass(frozen=True)
class RenewMediatorTerm:
    mediator_id: str
    office: str
    term_starts: date
    term_ends: date


@dataclass(frozen=True)
class EndMediatorTerm:
    """Expiry (`legal_basis` None) or revocation from `effective_on`."""

    mediator_id: str
    effective_on: date
    legal_basis: str | None = None


@dataclass(frozen=True)
class OpenMediationCase:
    case_id: str
    office: str
    reaction: MediationReaction
    decision_basis: DecisionBasis = DecisionBasis.TRANSFER
    parties: tuple[PartyRef, ...] = ()


@dataclass(frozen=True)
class MoveCase:
    """Referral moved the case to another office (§13 second or third para)."""

    case_id: str
    to_office: str


@dataclass(frozen=True)
class AssignMediators:
    case_id: str
    mediator_ids: tuple[str, ...]
    lead_mediator: str | None


@dataclass(frozen=True)
class ScreenCase:
    """Skjerming: `parties` are the office's staff or mediators who are a party to the case;
    `granted` who else may see it. Named by the office leader (`screened_by`)."""

    case_id: str
    parties: tuple[str, ...]
    granted: tuple[str, ...]
    screened_by: str


@dataclass(frozen=True)
class ScheduleMeeting:
    case_id: str
    meeting: Meeting


@dataclass(frozen=True)
class WriteMeetingNotes:
    case_id: str
    meeting_id: str
    written_by: str
    text: str = field(repr=False)  # confidential (§9): never in a repr, log or trace


@dataclass(frozen=True)
class RecordAgreement:
    case_id: str
    agreement: Agreement
    exemption: CivilMinorExemption | None = None


@dataclass(frozen=True)
class DecideOnAgreement:
    case_id: str
    agreement_id: str
    mediator_id: str
    approves: bool
    in_writing: bool
    reasons: str | None = None
    parties_told_approval_has_no_legal_effect: bool = False


@dataclass(frozen=True)
class EndMeeting:
    case_id: str
    meeting_id: str
    held: bool
    not_held_because: str | None
    agreement_reached: bool
    present: tuple[str, ...] = ()
    told_of_confidentiality: tuple[str, ...] = ()


@dataclass(frozen=True)
class WithdrawFromAgreement:
    case_id: str
    agreement_id: str
    party_id: str


@dataclass(frozen=True)
class ConfirmFulfilment:
    case_id: str
    agreement_id: str


@dataclass(frozen=True)
class ReportBreach:
    case_id: str
    agreement_id: str


@dataclass(frozen=True)
class CloseWithdrawalPeriod:
    case_id: str
    agreement_id: str


@dataclass(frozen=True)
class RemindOfPerformance:
    case_id: str
    agreement_id: str
    due_on: date
