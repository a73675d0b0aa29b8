"""The agreement and the mediators' approval (§17)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from mediation.domain.errors import RuleViolation
from mediation.domain.meetings import PARTY_ROLES
from mediation.domain.vocabulary import ContactTerm, PerformanceKind


@dataclass(frozen=True)
class Performance:
    kind: PerformanceKind
    scope: str
    due_on: date
    owed_by: str
    owed_to: str


@dataclass(frozen=True)
class MediatorDecision:
    mediator_id: str
    approves: bool
    in_writing: bool
    reasons: str | None
    decided_at: datetime


@dataclass
class Agreement:
    agreement_id: str
    meeting_id: str
    in_writing: bool
    signed_by: list[str]
    guardians_approving: list[str]
    performances: list[Performance]
    final_settlement: bool | None
    contact_terms: list[ContactTerm] = field(default_factory=list)
    agreed_withdrawal_deadline: datetime | None = None  # civil cases only (§18 second para)
    decisions: list[MediatorDecision] = field(default_factory=list)
    approved_at: datetime | None = None
    refused_at: datetime | None = None
    withdrawal_ends_at: datetime | None = None
    withdrawal_period_over: bool = False
    withdrawn_by: str | None = None
    fulfilled_at: datetime | None = None
    breached_at: datetime | None = None

    @property
    def in_force(self) -> bool:
        return self.approved_at is not None and self.withdrawn_by is None


@dataclass(frozen=True)
class CivilMinorExemption:
    """§17 first para, last sentence: the minor may contract alone and the mediator sees no
    concern, so the guardians' approval may be dispensed with."""

    minor_may_contract_alone: bool
    mediator_finds_it_unproblematic: bool


def must_be_a_valid_agreement(
    agreement: Agreement,
    parties: Sequence[PartyRef],
    *,
    criminal: bool,
    victimless: bool,
    civil_exemption: CivilMinorExemption | None,
) -> None:
    party_ids = {party.party_id for party in parties if party.role in PARTY_ROLES}
    if criminal and not (agreement.in_writing and party_ids <= set(agreement.signed_by)):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §17 first para",
            reason="in a case from the prosecution the agreement is written and signed by "
            "every party",
        )
    _must_have_guardians_approval(agreement, parties, criminal, civil_exemption)
    for performance in agreement.performances:
        if not performance.scope.strip():
            raise RuleViolation(
                legal_basis="konfliktrådsloven §17 fourth para",
                reason="a performance must state its scope and due date",
            )
        if victimless and performance.kind is PerformanceKind.MONEY:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §12 third para",
                reason="no economic compensation may be agreed for a victimless offence",
            )
    if agreement.performances and agreement.final_settlement is None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §17 fourth para",
            reason="the agreement must state whether it is the final settlement",
        )
    if criminal and agreement.agreed_withdrawal_deadline is not None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §18 first para",
            reason="in a case from the prosecution the withdrawal period is the Act's two "
            "weeks; it is not agreed",
        )


def _must_have_guardians_approval(
    agreement: Agreement,
    parties: Sequence[PartyRef],
    criminal: bool,
    civil_exemption: CivilMinorExemption | None,
) -> None:
    minors = {p.party_id for p in parties if p.role in PARTY_ROLES and p.is_minor}
    if not minors:
        return
    exempt = (
        not criminal
        and civil_exemption is not None
        and civil_exemption.minor_may_contract_alone
        and civil_exemption.mediator_finds_it_unproblematic
    )
    if exempt:
        return
    guardians = {
        p.party_id for p in parties if p.role is PartyRole.GUARDIAN and p.guardian_of in minors
    }
    if not guardians or not guardians <= set(agreement.guardians_approving):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §17 first para",
            reason="a party under 18: the guardians must approve the agreement too",
        )


def must_be_a_proper_decision(decision: MediatorDecision, *, criminal: bool) -> None:
    if criminal and not decision.in_writing:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §17 second para",
            reason="in a criminal case the mediator approves or refuses in writing",
        )
    if not decision.approves and not (decision.reasons or "").strip():
        raise RuleViolation(
            legal_basis="konfliktrådsloven §17 third para, §8",
            reason="a refused agreement must carry written reasons",
        )


def panel_verdict(decisions: Sequence[MediatorDecision], panel: Sequence[str]) -> bool | None:
    """True when every mediator approved, False as soon as one refused, None while waiting
    (§17 second para: with several mediators all must agree)."""
    latest = {decision.mediator_id: decision for decision in decisions}
    if any(not decision.approves for decision in latest.values()):
        return False
    if set(panel) <= set(latest):
        return True
    return None
