"""The office's youth cases in figures, per Norwegian month: received by reaction, closed by
outcome, days from receipt to the youth conference (the first meeting, from which execution
runs: §23) and to closure. Nothing personal.

Our readings: a case is *received* when youth_plan opened it; its *first meeting* is the
youth conference that started execution; it is *closed* on the first of: execution completed
(`completed`, §23), interrupted (`interrupted`, §§31–34), transferred after repeated breaches
(`transferred`, §31/§33 third para) or no agreement on a plan (`no_plan`, §25).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from konfliktrad_shared.office_figures import Tally
from youth_plan.domain.case_state import CaseState

if TYPE_CHECKING:
    from youth_plan.domain.model import YouthCase


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)  # a day's figure lands in its month


def closure(case: CaseState) -> tuple[datetime, str] | None:
    ends: list[tuple[datetime, str]] = []
    if case.completed_on is not None:
        ends.append((_moment(case.completed_on), "completed"))
    if case.interrupted_on is not None:
        ends.append((_moment(case.interrupted_on), "interrupted"))
    if case.escalated_at is not None:
        ends.append((case.escalated_at, "transferred"))
    if case.plan_not_agreed_at is not None:
        ends.append((case.plan_not_agreed_at, "no_plan"))
    return min(ends, key=lambda end: end[0]) if ends else None


def per_month(office: str, cases: Iterable[YouthCase]) -> dict[str, Any]:
    tally = Tally()
    for case in cases:
        opened = case.opened_at
        tally.received(opened, case.reaction.value)
        if case.execution_starts is not None:
            # the period runs from the conference's day: count to that day, not its midnight
            tally.first_meeting(opened, _moment(case.execution_starts.date()))
        closed = closure(case)
        if closed is not None:
            tally.closed(opened, *closed)
    return tally.report(office)
