"""The municipality → office table (konfliktrådsloven §13 first para, §2, §3): Norway's
municipalities of 2024 and Svalbard's areas, each with its office, kept once for the suite."""

from __future__ import annotations

import pytest

from konfliktrad_shared.reference import municipalities as offices

COUNTIES_2024 = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}
SVALBARD = {"2111": "Svalbard", "2121": "Bjørnøya", "2131": "Hopen"}  # SSB's area codes


def mainland() -> list[offices.Municipality]:
    return [row for row in offices.municipalities().values() if row.county != "Svalbard"]


def test_par13_table_holds_the_357_municipalities_of_2024_with_unique_four_digit_codes() -> None:
    table = offices.municipalities()
    assert len(mainland()) == 357 and len(table) == 357 + len(SVALBARD)
    assert all(len(code) == 4 and code.isascii() and code.isdigit() for code in table)
    assert all(code == row.kommunenummer for code, row in table.items())


def test_par13_every_2024_county_is_present_and_every_code_starts_with_its_county() -> None:
    table = mainland()
    assert {row.kommunenummer[:2] for row in table} == set(COUNTIES_2024)
    assert all(COUNTIES_2024[row.kommunenummer[:2]] == row.county for row in table)


def test_par13_every_municipality_has_an_office_and_each_county_one_office() -> None:
    table = mainland()
    assert all(row.office.startswith("konfliktradet-") for row in offices.municipalities().values())
    by_county = {
        county: {r.office for r in table if r.county == county} for county in COUNTIES_2024.values()
    }
    assert all(len(office_ids) == 1 for office_ids in by_county.values())
    assert len({row.office for row in table}) == len(COUNTIES_2024)


def test_par13_the_table_is_read_once_and_cannot_be_changed_by_callers() -> None:
    assert offices.municipalities() is offices.municipalities()
    with pytest.raises(TypeError):
        offices.municipalities()["0301"] = offices.municipalities()["4601"]  # type: ignore[index]
