"""The municipality → office table, kept once for every service that needs it.

`municipalities.csv` beside this module: Norway's 357 municipalities as of 1 January 2024
(SSB classification 131, https://www.ssb.no/klass/klassifikasjoner/131; kommunenummer as four
digits), and Svalbard's areas (2111 Svalbard, 2121 Bjørnøya, 2131 Hopen), where the Act applies
too (konfliktrådsloven §2), each with the office that covers it. Its header says where it was
transcribed from and how it was checked. Referral reads it to find the office for a case
(konfliktrådsloven §13 first para); vetting reads it for the municipalities an office must have
mediators for (§3).

Assumption: one office per 2024 county, id ``konfliktradet-<county>`` (``konfliktradet-oslo``
for 0301). Konfliktrådet's real regional offices do not match the counties one to one; the
office is a column in the data file, so the secretariat corrects it there, without code changes.

Reference data, not a rule: which municipality a case belongs to, and what follows when there
is none, is each service's domain's to say. The table is read on first use, not at import, and
kept for the life of the process.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

KOMMUNENUMMER = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Municipality:
    kommunenummer: str
    name: str
    county: str
    office: str


@cache
def municipalities() -> Mapping[str, Municipality]:
    """Every municipality in the table, by kommunenummer."""
    text = files(__package__).joinpath("municipalities.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    table: dict[str, Municipality] = {}
    for row in csv.DictReader(lines):
        municipality = Municipality(
            kommunenummer=row["kommunenummer"],
            name=row["name"],
            county=row["county"],
            office=row["office"],
        )
        if not KOMMUNENUMMER.fullmatch(municipality.kommunenummer):
            raise ValueError(f"municipalities.csv: malformed code {municipality.kommunenummer!r}")
        if municipality.kommunenummer in table:
            raise ValueError(f"municipalities.csv: {municipality.kommunenummer} twice")
        table[municipality.kommunenummer] = municipality
    return MappingProxyType(table)


@cache
def municipalities_by_office() -> Mapping[str, tuple[str, ...]]:
    """kommunenummer of every municipality, grouped by the office that covers it."""
    by_office: dict[str, list[str]] = defaultdict(list)
    for entry in municipalities().values():
        by_office[entry.office].append(entry.kommunenummer)
    return MappingProxyType({office: tuple(sorted(codes)) for office, codes in by_office.items()})


def known_offices() -> frozenset[str]:
    """Every office the table names."""
    return frozenset(municipalities_by_office())
