"""Which office handles a case (konfliktrådsloven §13 first para, domain-rules §1).

The case is handled by the office for the municipality where the complainant or victim lives or
stays. The municipality → office table ships with the service as `municipalities.csv` next to
this module: Norway's 357 municipalities as of 1 January 2024, kommunenummer as four digits,
and Svalbard's areas (2111 Svalbard, 2121 Bjørnøya, 2131 Hopen), where the Act applies too
(§2), with the Troms office, whose leader sits on Svalbard's appointment committee (§4 second
para). Jan Mayen (2211) is not in it: see `JAN_MAYEN`.

Assumption: one office per 2024 county, id ``konfliktradet-<county>`` (``konfliktradet-oslo``
for 0301). Konfliktrådet's real regional offices do not match the counties one to one; the
office is a column in the data file, so the secretariat corrects it there, without code changes.

The table is read on first use, not at import, and kept for the life of the process.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from referral.domain.errors import RuleViolation

LEGAL_BASIS = "konfliktrådsloven §13 first para"
_KOMMUNENUMMER = re.compile(r"[0-9]{4}")

JAN_MAYEN = "2211"
"""Reading: §2 extends the Act to Svalbard alone ("Loven gjelder også for Svalbard"), and Jan
Mayen has no residents of its own: those stationed there are registered where they live on the
mainland, which is the municipality §13 first para asks for. So 2211 gets no office; the
refusal says so and what to give instead."""


@dataclass(frozen=True)
class Municipality:
    kommunenummer: str
    name: str
    county: str
    office: str


@cache
def municipalities() -> Mapping[str, Municipality]:
    """Every municipality in the shipped table, by kommunenummer."""
    text = files("referral.domain").joinpath("municipalities.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    table: dict[str, Municipality] = {}
    for row in csv.DictReader(lines):
        municipality = Municipality(
            kommunenummer=row["kommunenummer"],
            name=row["name"],
            county=row["county"],
            office=row["office"],
        )
        if not _KOMMUNENUMMER.fullmatch(municipality.kommunenummer):
            raise ValueError(f"municipalities.csv: malformed code {municipality.kommunenummer!r}")
        if municipality.kommunenummer in table:
            raise ValueError(f"municipalities.csv: {municipality.kommunenummer} twice")
        table[municipality.kommunenummer] = municipality
    return MappingProxyType(table)


def municipality(kommunenummer: str) -> Municipality:
    """The municipality with this four-digit code; `RuleViolation` (§13) when there is none."""
    if not _KOMMUNENUMMER.fullmatch(kommunenummer):
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason=f"{kommunenummer!r} is not a kommunenummer: it must be four digits",
        )
    found = municipalities().get(kommunenummer)
    if kommunenummer == JAN_MAYEN and found is None:
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason="2211 is Jan Mayen: the Act extends to Svalbard, not to Jan Mayen "
            "(konfliktrådsloven §2), and those stationed there live where they are registered "
            "on the mainland: give that municipality",
        )
    if found is None:
        raise RuleViolation(
            legal_basis=LEGAL_BASIS,
            reason=f"no municipality {kommunenummer}, so no office covers it",
        )
    return found


def office_for_municipality(kommunenummer: str) -> str:
    """The office for the municipality where the complainant or victim lives or stays."""
    return municipality(kommunenummer).office


def municipality_name(kommunenummer: str) -> str:
    return municipality(kommunenummer).name


def known_offices() -> frozenset[str]:
    return frozenset(entry.office for entry in municipalities().values())
