"""The corps' composition (§4 first para: diverse, so the population is best represented),
aggregated so that no individual can be singled out.

Each dimension is counted on its own, never crossed with another. A count below
`SMALLEST_CELL` is suppressed; when only one cell of a dimension would be suppressed, the next
smallest is suppressed too, so it cannot be found by subtracting from the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from konfliktrad_shared.legal_time import age_on

SMALLEST_CELL = 5
AGE_BANDS = ((18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"), (60, 200, "60+"))


@dataclass(frozen=True)
class Member:
    birth_date: date
    gender: str
    occupation: str
    background: str


@dataclass(frozen=True)
class Cell:
    value: str
    count: int | None  # None: suppressed


@dataclass(frozen=True)
class Composition:
    total: int | None
    dimensions: dict[str, tuple[Cell, ...]]


def composition(members: Iterable[Member], *, on: date) -> Composition:
    corps = list(members)
    if len(corps) < SMALLEST_CELL:
        return Composition(None, {})  # too few to say anything without singling someone out
    columns = {
        "age_band": [age_band(m.birth_date, on) for m in corps],
        "gender": [m.gender for m in corps],
        "occupation": [m.occupation for m in corps],
        "background": [m.background for m in corps],
    }
    return Composition(len(corps), {name: suppressed(Counter(v)) for name, v in columns.items()})


def suppressed(counts: Counter[str]) -> tuple[Cell, ...]:
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    hidden = {value for value, count in ordered if count < SMALLEST_CELL}
    if len(hidden) == 1 and len(ordered) > 1:
        hidden.add(next(value for value, _ in ordered if value not in hidden))
    return tuple(
        Cell(value, None if value in hidden else count) for value, count in sorted(counts.items())
    )


def age_band(birth_date: date, on: date) -> str:
    age = age_on(birth_date, on)
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "under 18")
