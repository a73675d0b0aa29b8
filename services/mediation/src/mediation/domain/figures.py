"""The office's figures for the secretariat: how many cases came in and were closed, by kind
and outcome, and how long they took, per month. Counts and day averages only: no case id,
no party, nothing personal.

Our readings: a case is *received* on the day mediation opened it (referral hands it over
the moment it is registered); its *first meeting* is the start of the first meeting that was
held; it is *closed* on the first of: an agreement fulfilled (`fulfilled`) or breached
(`breached`), or a meeting's outcome recorded without an agreement (`no_agreement` when held,
`not_held` when it was not). Months are Norwegian calendar months; a figure belongs to the
month the event happened in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean
from typing import TYPE_CHECKING

from konfliktrad_shared.legal_time import norwegian_date

if TYPE_CHECKING:
    from mediation.domain.model import MediationCase

# Prop. 57 L (2013–2014): the service has long handled cases in just under 40 days on average.
LONG_STANDING_AVERAGE_DAYS = 40


@dataclass
class MonthFigures:
    month: str  # "2026-12"
    received: Counter[str] = field(default_factory=Counter)  # by kind: criminal, civil
    closed: Counter[str] = field(default_factory=Counter)  # by outcome
    days_to_first_meeting: list[float] = field(default_factory=list)
    days_to_closure: list[float] = field(default_factory=list)

    @property
    def mean_days_to_first_meeting(self) -> float | None:
        return round(fmean(self.days_to_first_meeting), 1) if self.days_to_first_meeting else None

    @property
    def mean_days_to_closure(self) -> float | None:
        return round(fmean(self.days_to_closure), 1) if self.days_to_closure else None


def month_of(moment: datetime) -> str:
    return norwegian_date(moment).strftime("%Y-%m")


def closure(case: MediationCase) -> tuple[datetime, str] | None:
    """When and how the case was closed, by our reading above; None while it is open."""
    ends: list[tuple[datetime, str]] = []
    for agreement in case.agreements:
        if agreement.fulfilled_at is not None:
            ends.append((agreement.fulfilled_at, "fulfilled"))
        if agreement.breached_at is not None:
            ends.append((agreement.breached_at, "breached"))
    for meeting in case.meetings:
        outcome = meeting.outcome
        if outcome is not None and not outcome.agreement_reached:
            ends.append((outcome.recorded_at, "no_agreement" if outcome.held else "not_held"))
    return min(ends, key=lambda end: end[0]) if ends else None


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def per_month(cases: Iterable[MediationCase]) -> list[MonthFigures]:
    months: dict[str, MonthFigures] = defaultdict(lambda: MonthFigures(""))

    def month(moment: datetime) -> MonthFigures:
        figures = months[month_of(moment)]
        figures.month = month_of(moment)
        return figures

    for case in cases:
        month(case.opened_at).received["criminal" if case.criminal else "civil"] += 1
        held = [m.starts_at for m in case.meetings if m.outcome is not None and m.outcome.held]
        if held:
            first = min(held)
            month(first).days_to_first_meeting.append(days_between(case.opened_at, first))
        closed = closure(case)
        if closed is not None:
            at, outcome = closed
            month(at).closed[outcome] += 1
            month(at).days_to_closure.append(days_between(case.opened_at, at))
    return [months[key] for key in sorted(months)]
