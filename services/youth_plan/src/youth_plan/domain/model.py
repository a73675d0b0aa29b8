"""The youth case aggregate: plan approval (§25), execution period (§23) and breaches (§§31, 33)."""

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
        if self.plan_approved_at is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §25 first para",
                reason="the youth plan is already approved",
            )
        missing = [
            who
            for who, approved in (
                ("the youth coordinator", coordinator),
                ("the offender", offender),
                ("the offender's guardians", guardians),
            )
            if not approved
        ]
        if missing:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §25 first para",
                reason=f"the youth plan must be approved by {', '.join(missing)}",
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
                legal_basis="konfliktrådsloven §31 first para / §33 first para",
                reason="a breach conversation follows a recorded breach; none is recorded",
            )
        self.conversation_held_on = held_on
        self.events.append(BreachConversationHeld(self.case_id, now))

    def _require_execution_running(self, on: date) -> None:
        if self.plan_approved_at is None or self.execution_ends is None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §22",
                reason="no approved youth plan: execution has not started",
            )
        if self.escalated_at is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §31 third para / §33 third para",
                reason="the case has been transferred after repeated breaches",
            )
        if on > self.execution_ends.date():
            raise RuleViolation(
                legal_basis="konfliktrådsloven §23",
                reason="the date is after the execution period ended",
            )


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, _days_in_month(year, month))
    return moment.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days
