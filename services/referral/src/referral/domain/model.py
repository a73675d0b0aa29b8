"""A case as the office received it: registered, or rejected with its provision (§8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from referral.domain import intake_rules
from referral.domain.age_and_periods import age_on, months_spanned
from referral.domain.commands import (
    Condition,
    DecisionBasis,
    DecisionMaker,
    Offender,
    Reaction,
    RegisterTransferredCase,
    Victim,
)
from referral.domain.errors import RuleViolation
from referral.domain.events import ReferralRegistered, ReferralRejected
from referral.domain.parties import parties_of
from referral.domain.reaction_table import DECIDED_BY


class CaseStatus(StrEnum):
    REGISTERED = "registered"
    REJECTED = "rejected"


@dataclass
class ReferralCase:
    case_id: str
    sender_reference: str
    sender: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date
    decided_on: date
    execution_months: int | None
    received_at: datetime
    offender: Offender = field(repr=False)
    status: CaseStatus
    decided_by: DecisionMaker | None = None
    condition: Condition | None = None
    execution_ends_on: date | None = None
    no_new_crimes_condition: bool = False
    compensation_condition: bool = False
    temporary_guardian_needed: bool = False
    victims: tuple[Victim, ...] = field(default=(), repr=False)
    rejection_basis: str | None = None
    rejection_reason: str | None = None
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def receive(cls, cmd: RegisterTransferredCase, *, case_id: str, now: datetime) -> ReferralCase:
        case = cls(
            case_id=case_id,
            sender_reference=cmd.sender_reference,
            sender=cmd.sender,
            office=cmd.office,
            reaction=cmd.reaction,
            decision_basis=cmd.decision_basis,
            offence_date=cmd.offence_date,
            decided_on=cmd.decided_on,
            execution_months=cmd.execution_months,
            received_at=now,
            offender=cmd.offender,
            status=CaseStatus.REGISTERED,
            decided_by=cmd.decided_by or DECIDED_BY.get(cmd.decision_basis),
            condition=cmd.condition,
            execution_ends_on=cmd.execution_ends_on,
            no_new_crimes_condition=cmd.no_new_crimes_condition,
            compensation_condition=cmd.compensation_condition,
            victims=cmd.victims,
        )
        try:
            intake = intake_rules.check_transfer(cmd)
        except RuleViolation as refusal:
            case._reject(refusal, now)
        else:
            case._register(intake, now)
        return case

    @property
    def offender_is_minor(self) -> bool:
        return age_on(self.offender.birth_date, self.received_at.date()) < 18

    def _register(self, intake: intake_rules.Intake, now: datetime) -> None:
        self.decided_by = intake.row.decided_by
        self.condition = intake.row.condition
        self.execution_ends_on = intake.execution_ends_on
        self.temporary_guardian_needed = intake.temporary_guardian_needed
        months = self.execution_months
        if months is None and self.execution_ends_on is not None:
            months = months_spanned(self.decided_on, self.execution_ends_on)
        self.events.append(
            ReferralRegistered(
                case_id=self.case_id,
                sender_reference=self.sender_reference,
                office=self.office,
                reaction=self.reaction,
                decision_basis=self.decision_basis,
                offence_date=self.offence_date,
                execution_months=months,
                offender_is_minor=self.offender_is_minor,
                guardian_emails=tuple(g.email for g in self.offender.guardians),
                registered_at=now,
                decided_by=self.decided_by,
                execution_ends_on=self.execution_ends_on,
                no_new_crimes_condition=self.no_new_crimes_condition,
                compensation_condition=self.compensation_condition,
                temporary_guardian_needed=self.temporary_guardian_needed,
                parties=parties_of(self.offender, self.victims, self.decided_on),
            )
        )

    def _reject(self, refusal: RuleViolation, now: datetime) -> None:
        self.status = CaseStatus.REJECTED
        self.rejection_basis = refusal.legal_basis
        self.rejection_reason = refusal.reason
        self.events.append(
            ReferralRejected(
                case_id=self.case_id,
                sender_reference=self.sender_reference,
                office=self.office,
                legal_basis=refusal.legal_basis,
                reason=refusal.reason,
                rejected_at=now,
            )
        )
