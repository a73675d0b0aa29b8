"""A case as the office received it, and what case officers do with it at intake.

Criminal cases arrive from the prosecution and the courts and are registered or rejected at
once; civil cases are filed over HTTP and wait for the leader's suitability decision (§10).
Every decision is an audit entry and, where another service or agency must know, an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from konfliktrad_shared.legal_time import age_on, months_spanned
from konfliktrad_shared.screening import Screening
from referral.domain import civil as civil_rules
from referral.domain import intake_rules, moves, senders, withdrawal
from referral.domain.audit import AuditEntry
from referral.domain.case_handling import HandlingAndMoves
from referral.domain.commands import (
    DecideSuitability,
    RegisterCivilCase,
    RegisterTransferredCase,
    WithdrawTransferredCase,
)
from referral.domain.corrections import ROUTING_FIELDS, changed_fields, field_digests
from referral.domain.errors import RuleViolation
from referral.domain.events import (
    ReferralCorrected,
    ReferralRegistered,
    ReferralRejected,
    ReferralWithdrawn,
)
from referral.domain.execution_end import eighteenth_birthday, published_end
from referral.domain.parties import Party, civil_parties_of, parties_of
from referral.domain.reaction_table import DECIDED_BY
from referral.domain.vocabulary import (
    CaseKind,
    CaseStatus,
    CivilParty,
    Condition,
    DecisionBasis,
    DecisionMaker,
    HarmKind,
    Offender,
    Reaction,
    Victim,
)

SUITABILITY = "konfliktrådsloven §10 first para"


@dataclass
class ReferralCase(HandlingAndMoves):
    case_id: str
    sender_reference: str
    sender: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date | None
    decided_on: date
    execution_months: int | None
    received_at: datetime
    status: CaseStatus
    kind: CaseKind = CaseKind.CRIMINAL
    # The bus principal that sent it (its topic proves it): the only one that may change it.
    sender_principal: str | None = None
    offender: Offender | None = field(default=None, repr=False)
    victims: tuple[Victim, ...] = field(default=(), repr=False)
    civil_parties: tuple[CivilParty, ...] = field(default=(), repr=False)  # claimant first
    harm: HarmKind | None = None
    decided_by: DecisionMaker | None = None
    condition: Condition | None = None
    execution_ends_on: date | None = None
    no_new_crimes_condition: bool = False
    compensation_condition: bool = False
    temporary_guardian_needed: bool = False
    civil_exception_applied: bool = False  # claimed at filing (§11 third para)
    civil_exception_found_by: str | None = None  # the leader who found it unproblematic
    civil_exception_found_at: datetime | None = None
    field_digests: dict[str, str] = field(default_factory=dict, repr=False)
    rejection_basis: str | None = None
    rejection_reason: str | None = None
    postponed_until: date | None = None
    postponement_reason: str | None = None
    pending_move: moves.PendingMove | None = None
    withdrawn_on: date | None = None
    # The end of the execution period as youth_plan set it (see `execution_end`).
    execution_ends_by_youth_plan: date | None = None
    audit: list[AuditEntry] = field(default_factory=list, repr=False, compare=False)
    events: list[Any] = field(default_factory=list, repr=False, compare=False)
    # Skjerming: the office's own staff who are a party, and who else may see the case.
    screening: Screening = field(default_factory=Screening, repr=False)

    # -- criminal cases -------------------------------------------------------------------

    @classmethod
    def receive(cls, cmd: RegisterTransferredCase, *, case_id: str, now: datetime) -> ReferralCase:
        case = cls(
            case_id=case_id,
            sender_reference=cmd.sender_reference,
            sender=cmd.sender,
            sender_principal=cmd.sender_principal,
            office=cmd.office,
            reaction=cmd.reaction,
            decision_basis=cmd.decision_basis,
            offence_date=cmd.offence_date,
            decided_on=cmd.decided_on,
            execution_months=cmd.execution_months,
            received_at=now,
            status=CaseStatus.REGISTERED,
        )
        case._take(cmd)
        case._check_and_decide(cmd, actor=cmd.sender, now=now)
        return case

    def correct(self, cmd: RegisterTransferredCase, now: datetime) -> bool:
        """Apply a corrected referral; False when it is the same referral delivered again."""
        senders.check_case_sender(self.case_id, self.sender_principal, cmd.sender_principal)
        changed = changed_fields(self.field_digests, field_digests(cmd))
        if not changed:
            return False
        if self.status is CaseStatus.WITHDRAWN:
            raise withdrawal.refuse_correction_of_withdrawn_case()
        if self.status is CaseStatus.REGISTERED and ROUTING_FIELDS & set(changed):
            self._record(now, cmd.sender, "correction_refused", "konfliktrådsloven §8", changed)
            self._emit_rejection(
                "konfliktrådsloven §8",
                "a registered case's reaction or legal basis cannot be corrected: withdraw the "
                "referral and send a new one",
                now,
            )
            return True
        was_registered = self.status is CaseStatus.REGISTERED
        self._take(cmd)
        self._record(now, cmd.sender, "corrected", None, changed)
        self._check_and_decide(
            cmd, actor=cmd.sender, now=now, changed=changed, was_registered=was_registered
        )
        return True

    def _take(self, cmd: RegisterTransferredCase) -> None:
        self.office, self.offence_date, self.decided_on = (
            cmd.office,
            cmd.offence_date,
            cmd.decided_on,
        )
        self.execution_months = cmd.execution_months
        self.offender, self.victims = cmd.offender, cmd.victims
        self.decided_by = cmd.decided_by or DECIDED_BY.get(cmd.decision_basis)
        self.condition, self.execution_ends_on = _letter(cmd.condition), cmd.execution_ends_on
        self.no_new_crimes_condition = cmd.no_new_crimes_condition
        self.compensation_condition = cmd.compensation_condition
        self.field_digests = field_digests(cmd)

    def _check_and_decide(
        self,
        cmd: RegisterTransferredCase,
        *,
        actor: str,
        now: datetime,
        changed: tuple[str, ...] = (),
        was_registered: bool = False,
    ) -> None:
        try:
            intake = intake_rules.check_transfer(cmd)
        except RuleViolation as refusal:
            self._reject(refusal, actor, now)
            return
        self.decided_by, self.condition = intake.row.decided_by, intake.row.condition
        self.execution_ends_on = intake.execution_ends_on
        self.temporary_guardian_needed = intake.temporary_guardian_needed
        if self.execution_months is None and self.execution_ends_on is not None:
            self.execution_months = months_spanned(self.decided_on, self.execution_ends_on)
        if was_registered:
            self.events.append(self._corrected(changed, now))
        else:
            self._register(actor, now)

    @property
    def offender_is_minor(self) -> bool:
        return self.offender is not None and age_on(self.offender.birth_date, self.decided_on) < 18

    @property
    def offender_of_age_on(self) -> date | None:
        """The day a minor offender turns 18; None for an offender of age at the decision."""
        if self.offender is None or not self.offender_is_minor:
            return None
        return eighteenth_birthday(self.offender.birth_date)

    def record_execution_end(self, ends_on: date | None) -> bool:
        """youth_plan set (or moved) the end of the period; True when it changed."""
        if ends_on is None or ends_on == self.execution_ends_by_youth_plan:
            return False
        self.execution_ends_by_youth_plan = ends_on
        return True

    def withdraw(self, cmd: WithdrawTransferredCase, now: datetime) -> bool:
        """Close the case at its sender's word; False when it is withdrawn already."""
        senders.check_case_sender(self.case_id, self.sender_principal, cmd.sender_principal)
        if self.status is CaseStatus.WITHDRAWN:
            return False
        withdrawal.check_withdrawal(cmd.withdrawn_on, decided_on=self.decided_on, today=now.date())
        self.status, self.withdrawn_on = CaseStatus.WITHDRAWN, cmd.withdrawn_on
        details = (cmd.withdrawn_on.isoformat(), cmd.reason)
        self._record(now, cmd.sender_principal, "withdrawn", withdrawal.WITHDRAWAL, details)
        self.events.append(
            ReferralWithdrawn(
                self.case_id, self.sender_reference, self.office, cmd.withdrawn_on, now
            )
        )
        return True

    # -- civil cases ----------------------------------------------------------------------

    @classmethod
    def file_civil(cls, cmd: RegisterCivilCase, *, case_id: str, now: datetime) -> ReferralCase:
        """A civil case waiting for the leader; a case the Act excludes is refused (422)."""
        intake = civil_rules.check_civil_case(cmd, now.date())
        case = cls(
            case_id=case_id,
            sender_reference=cmd.sender_reference,
            sender=cmd.submitter,
            office=intake.office,
            reaction=Reaction.MEDIATION,
            decision_basis=DecisionBasis.CIVIL,
            offence_date=cmd.incident_date,
            decided_on=now.date(),
            execution_months=None,
            received_at=now,
            status=CaseStatus.AWAITING_SUITABILITY,
            kind=CaseKind.CIVIL,
            civil_parties=(cmd.claimant, *cmd.respondents),
            harm=cmd.harm,
            decided_by=DecisionMaker.OFFICE_LEADER,
            temporary_guardian_needed=intake.temporary_guardian_needed,
            civil_exception_applied=intake.civil_exception_applied,
        )
        details = [f"from {cmd.submitted_by.value}; harm: {cmd.harm.value}"]
        if cmd.harm is HarmKind.NONE:
            details.append("general disagreement: for the leader to refuse, with reasons")
        case._record(now, cmd.actor, "filed", civil_rules.HARM_BASIS, tuple(details))
        return case

    def decide_suitability(self, cmd: DecideSuitability, now: datetime) -> None:
        if self.status is not CaseStatus.AWAITING_SUITABILITY:
            raise RuleViolation(
                legal_basis=SUITABILITY, reason=f"the case is {self.status.value}: already decided"
            )
        civil_rules.check_suitability_reasons(cmd.suitable, cmd.reasons)
        if not cmd.suitable:
            # The refusal rests on §1 first para where the conflict is general disagreement.
            excluded = self.harm is HarmKind.NONE
            basis = civil_rules.HARM_BASIS if excluded else SUITABILITY
            self._reject(RuleViolation(legal_basis=basis, reason=cmd.reasons), cmd.actor, now)
            return
        civil_rules.check_suitable_harm(self.harm)
        claimed_for = civil_rules.acting_alone(self.civil_parties, self.decided_on)
        civil_rules.check_acting_alone_found(claimed_for, cmd.minor_may_act_alone)
        if claimed_for:
            self.civil_exception_found_by, self.civil_exception_found_at = cmd.actor, now
            self._record(
                now, cmd.actor, "civil_exception_found", civil_rules.CIVIL_EXCEPTION, claimed_for
            )
        self._register(cmd.actor, now, action="found_suitable", basis=SUITABILITY)

    # -- outcomes -------------------------------------------------------------------------

    def parties(self) -> tuple[Party, ...]:
        if self.kind is CaseKind.CIVIL:
            return civil_parties_of(self.civil_parties, self.decided_on)
        assert self.offender is not None
        return parties_of(self.offender, self.victims, self.decided_on)

    def _register(
        self, actor: str, now: datetime, *, action: str = "registered", basis: str | None = None
    ) -> None:
        self.status, self.rejection_basis, self.rejection_reason = CaseStatus.REGISTERED, None, None
        self._record(now, actor, action, basis)
        parties = self.parties()
        self.events.append(
            ReferralRegistered(
                case_id=self.case_id,
                sender_reference=self.sender_reference,
                office=self.office,
                reaction=self.reaction,
                decision_basis=self.decision_basis,
                offence_date=self.offence_date,
                execution_months=self.execution_months,
                offender_is_minor=self.offender_is_minor,
                registered_at=now,
                decided_by=self.decided_by or DecisionMaker.OFFICE_LEADER,
                execution_ends_on=published_end(self.reaction, self.execution_ends_on),
                no_new_crimes_condition=self.no_new_crimes_condition,
                compensation_condition=self.compensation_condition,
                temporary_guardian_needed=self.temporary_guardian_needed,
                parties=parties,
                offender_of_age_on=self.offender_of_age_on,
            )
        )

    def _corrected(self, changed: tuple[str, ...], now: datetime) -> ReferralCorrected:
        return ReferralCorrected(
            case_id=self.case_id,
            sender_reference=self.sender_reference,
            office=self.office,
            changed_fields=changed,
            execution_months=self.execution_months,
            execution_ends_on=published_end(self.reaction, self.execution_ends_on),
            temporary_guardian_needed=self.temporary_guardian_needed,
            corrected_at=now,
        )

    def _reject(self, refusal: RuleViolation, actor: str, now: datetime) -> None:
        self.status = CaseStatus.REJECTED
        self.rejection_basis, self.rejection_reason = refusal.legal_basis, refusal.reason
        self._record(now, actor, "rejected", refusal.legal_basis, (refusal.reason,))
        self._emit_rejection(refusal.legal_basis, refusal.reason, now)

    def _emit_rejection(self, legal_basis: str, reason: str, now: datetime) -> None:
        criminal = self.kind is CaseKind.CRIMINAL
        self.events.append(
            ReferralRejected(
                self.case_id, self.sender_reference, self.office, legal_basis, reason, now, criminal
            )
        )

    def _record(
        self,
        now: datetime,
        actor: str,
        action: str,
        legal_basis: str | None,
        details: tuple[str, ...] = (),
    ) -> None:
        self.audit.append(AuditEntry(now, actor, action, legal_basis, ", ".join(details)))


def _letter(condition: str | None) -> Condition | None:
    """The letter as the case keeps it: one a row rests on; a refused one is in the reason."""
    return Condition(condition) if condition in {letter.value for letter in Condition} else None
