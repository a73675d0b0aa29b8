"""Which municipalities each office covers (§3), from vetting's own copy of the table.

`municipalities.csv` beside this module is a copy of referral's table (services share no code);
a unit test checks that the two files still agree.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType


@cache
def municipalities_by_office() -> Mapping[str, tuple[str, ...]]:
    """kommunenummer of every municipality, grouped by the office that covers it."""
    text = files("vetting.domain").joinpath("municipalities.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    by_office: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(lines):
        by_office[row["office"]].append(row["kommunenummer"])
    return MappingProxyType({office: tuple(sorted(codes)) for office, codes in by_office.items()})


def covered_by(office: str) -> tuple[str, ...]:
    return municipalities_by_office().get(office, ())
