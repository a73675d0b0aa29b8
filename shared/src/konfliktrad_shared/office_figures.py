"""An office's monthly figures, as each service that owns cases reports them: cases received
by kind, closed by outcome, and the mean days from receipt to the first meeting and to
closure, each in the Norwegian calendar month the event happened in. Counts and averages
only: no case id, no party. Arithmetic, no rule of the law: which cases count, and what
closes one, is each service's own reading (its `domain/`).

Prop. 57 L (2013–2014): the service has long handled cases in just under 40 days on average.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

LONG_STANDING_AVERAGE_DAYS = 40
NORWAY = ZoneInfo("Europe/Oslo")


@dataclass
class _Month:
    received: Counter[str] = field(default_factory=Counter)
    closed: Counter[str] = field(default_factory=Counter)
    to_first_meeting: list[float] = field(default_factory=list)
    to_closure: list[float] = field(default_factory=list)


def _aware(moment: datetime) -> datetime:
    """The suite stores UTC; SQLite hands a stored moment back without its zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def month_of(moment: datetime) -> str:
    return _aware(moment).astimezone(NORWAY).strftime("%Y-%m")


def _days(start: datetime, end: datetime) -> float:
    return (_aware(end) - _aware(start)).total_seconds() / 86400


class Tally:
    def __init__(self) -> None:
        self._months: dict[str, _Month] = defaultdict(_Month)

    def received(self, at: datetime, kind: str) -> None:
        self._months[month_of(at)].received[kind] += 1

    def first_meeting(self, received_at: datetime, at: datetime) -> None:
        self._months[month_of(at)].to_first_meeting.append(_days(received_at, at))

    def closed(self, received_at: datetime, at: datetime, outcome: str) -> None:
        month = self._months[month_of(at)]
        month.closed[outcome] += 1
        month.to_closure.append(_days(received_at, at))

    def report(self, office: str) -> dict[str, Any]:
        """The JSON every service's `GET /figures` answers (mediation's `FiguresOut`)."""
        return {
            "office": office,
            "long_standing_average_days": LONG_STANDING_AVERAGE_DAYS,
            "months": [
                {
                    "month": key,
                    "received": dict(month.received),
                    "closed": dict(month.closed),
                    "cases_to_first_meeting": len(month.to_first_meeting),
                    "mean_days_to_first_meeting": _mean(month.to_first_meeting),
                    "cases_closed": len(month.to_closure),
                    "mean_days_to_closure": _mean(month.to_closure),
                }
                for key, month in sorted(self._months.items())
            ],
        }


def _mean(days: list[float]) -> float | None:
    return round(fmean(days), 1) if days else None
