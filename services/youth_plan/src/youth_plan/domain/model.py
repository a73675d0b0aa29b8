"""The youth case aggregate: plan approval (§25), execution period (§23) and breaches (§§31, 33).

Follow-up in the office (§36) is kept here too: a meeting, an individual plan approved by the
office and the offender, follow-up for which the office is responsible, and breaches handled
by the §33 rules as far as they fit. §36 asks for the guardians' approval only when the
offender is a minor; the youth case does not record the offender's age, so the guardians'
approval is required for the youth reactions (§25) and not for follow-up in the office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from youth_plan.domain import breach_ladder
from youth_plan.domain.breach_ladder import LadderOutcome
from youth_plan.domain.commands import YouthReaction
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import (
    BreachConversationHeld,
    BreachEscalated,
    BreachRecorded,
    YouthCaseOpened,
    YouthPlanApproved,
)

EXECUTION_MONTHS_LIMITS = {
    # §23: youth follow-up up to one year; youth sentence six months to three years
    # (the three-year ceiling is checked at intake, where the court's reasons are known).
    YouthReaction.YOUTH_FOLLOW_UP: (1, 12),
    YouthReaction.YOUTH_SENTENCE: (6, 36),
    # §23 second para / §36: follow-up in the office, with a duration of up to one year.
    YouthReaction.FOLLOW_UP: (1, 12),
}


@dataclass
class YouthCase:
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    execution_months: int
    opened_at: datetime
    plan_approved_at: datetime | None = None
    execution_ends: datetime | None = None
    breaches: int = 0
    conversation_held_on: date | None = None
    escalated_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def open(
        cls,
        *,
        case_id: str,
        sender_reference: str,
        office: str,
        reaction: YouthReaction,
        execution_months: int,
        now: datetime,
    ) -> YouthCase:
        low, high = EXECUTION_MONTHS_LIMITS[reaction]
        if not low <= execution_months <= high:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §23",
                reason=f"execution period of {execution_months} months is outside {low}–{high}",
            )
        case = cls(
            case_id=case_id,
            sender_reference=sender_reference,
            office=office,
            reaction=reaction,
            execution_months=execution_months,
            opened_at=now,
        )
        case.events.append(YouthCaseOpened(case_id, office, reaction, now))
        return case

    def approve_plan(
        self, *, coordinator: bool, offender: bool, guardians: bool, now: datetime
    ) -> None:
        in_office = self.reaction is YouthReaction.FOLLOW_UP
        basis = "konfliktrådsloven §36" if in_office else "konfliktrådsloven §25 first para"
        plan = "the individual plan" if in_office else "the youth plan"
        if self.plan_approved_at is not None:
            raise RuleViolation(legal_basis=basis, reason=f"{plan} is already approved")
        approvals = (
            # §36: the office (its coordinator approves for it) and the offender.
            (("the office", coordinator), ("the offender", offender))
            if in_office
            else (
                ("the youth coordinator", coordinator),
                ("the offender", offender),
                ("the offender's guardians", guardians),
            )
        )
        missing = [who for who, approved in approvals if not approved]
        if missing:
            raise RuleViolation(
                legal_basis=basis,
                reason=f"{plan} must be approved by {', '.join(missing)}",
            )
        self.plan_approved_at = now
        self.execution_ends = _add_months(now, self.execution_months)
        self.events.append(YouthPlanApproved(self.case_id, now, self.execution_ends))

    def record_breach(self, *, occurred_on: date, now: datetime) -> LadderOutcome:
        self._require_execution_running(occurred_on)
        self.breaches += 1
        self.events.append(BreachRecorded(self.case_id, self.breaches, now))
        if self.conversation_held_on is None or occurred_on < self.conversation_held_on:
            return breach_ladder.first_breach(self.reaction)
        outcome = breach_ladder.breach_after_conversation(self.reaction)
        self.escalated_at = now
        self.events.append(
            BreachEscalated(
                case_id=self.case_id,
                sender_reference=self.sender_reference,
                office=self.office,
                reaction=self.reaction,
                legal_basis=outcome.legal_basis,
                breaches=self.breaches,
                escalated_at=now,
            )
        )
        return outcome

    def hold_breach_conversation(self, *, held_on: date, now: datetime) -> None:
        self._require_execution_running(held_on)
        if self.breaches == 0:
            raise RuleViolation(
                legal_basis=self._ladder_basis("first para"),
                reason="a breach conversation follows a recorded breach; none is recorded",
            )
        self.conversation_held_on = held_on
        self.events.append(BreachConversationHeld(self.case_id, now))

    def _require_execution_running(self, on: date) -> None:
        if self.plan_approved_at is None or self.execution_ends is None:
            in_office = self.reaction is YouthReaction.FOLLOW_UP
            raise RuleViolation(
                legal_basis="konfliktrådsloven §36" if in_office else "konfliktrådsloven §22",
                reason="no approved plan: execution has not started",
            )
        if self.escalated_at is not None:
            raise RuleViolation(
                legal_basis=self._ladder_basis("third para"),
                reason="the case has been transferred after repeated breaches",
            )
        if on > self.execution_ends.date():
            raise RuleViolation(
                legal_basis="konfliktrådsloven §23",
                reason="the date is after the execution period ended",
            )

    def _ladder_basis(self, paragraph: str) -> str:
        if self.reaction is YouthReaction.FOLLOW_UP:
            return f"konfliktrådsloven §36, cf. §33 {paragraph}"
        return f"konfliktrådsloven §31 {paragraph} / §33 {paragraph}"


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, _days_in_month(year, month))
    return moment.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days
