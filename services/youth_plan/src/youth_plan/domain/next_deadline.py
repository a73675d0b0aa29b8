"""The next deadline a youth case is waiting for, and the provision that sets it: the end of
the execution period (§23; §36 first para for follow-up in the office), counted from the
youth conference. None before the conference (the period has not started: §24 first para asks
for preparation "at once", with no date) and none once execution is interrupted, completed or
the case transferred. Dates and provisions only, nothing personal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from youth_plan.domain import execution
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.case_state import CaseState


@dataclass(frozen=True)
class NextDeadline:
    case_id: str
    due_on: date
    what: str  # execution_ends
    legal_basis: str


def next_deadline(case: CaseState) -> NextDeadline | None:
    if case.execution_ends is None or case.interrupted_on or case.completed_on:
        return None
    if case.ladder_stage is LadderStage.TRANSFERRED:
        return None
    return NextDeadline(
        case.case_id,
        case.execution_ends.date(),  # as the period check and completion read it
        "execution_ends",
        execution.period_basis(case.reaction),
    )
