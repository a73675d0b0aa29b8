from __future__ import annotations

import pytest

from referral.domain import offices
from referral.domain.errors import RuleViolation

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


@pytest.mark.parametrize(("code", "name"), SVALBARD.items())
def test_s2_svalbard_is_in_the_table_with_the_troms_office_s4_second_para(
    code: str, name: str
) -> None:
    assert offices.municipality_name(code) == name
    assert offices.office_for_municipality(code) == "konfliktradet-troms"


def test_s2_jan_mayen_gets_no_office_and_the_refusal_says_why() -> None:
    with pytest.raises(RuleViolation) as raised:
        offices.office_for_municipality("2211")
    assert raised.value.legal_basis == "konfliktrådsloven §13 first para"
    assert "Jan Mayen" in raised.value.reason and "§2" in raised.value.reason


def test_par13_every_municipality_has_an_office_and_each_county_one_office() -> None:
    table = mainland()
    assert all(row.office.startswith("konfliktradet-") for row in offices.municipalities().values())
    by_county = {
        county: {r.office for r in table if r.county == county} for county in COUNTIES_2024.values()
    }
    assert all(len(office_ids) == 1 for office_ids in by_county.values())
    assert len({row.office for row in table}) == len(COUNTIES_2024)


def test_par13_first_para_oslo_is_handled_by_konfliktradet_oslo() -> None:
    assert offices.office_for_municipality("0301") == "konfliktradet-oslo"
    assert offices.municipality_name("0301") == "Oslo"


@pytest.mark.parametrize(
    ("code", "name", "office"),
    [
        ("4601", "Bergen", "konfliktradet-vestland"),
        ("5001", "Trondheim", "konfliktradet-trondelag"),
        ("1103", "Stavanger", "konfliktradet-rogaland"),
        ("3201", "Bærum", "konfliktradet-akershus"),
        ("5501", "Tromsø", "konfliktradet-troms"),
        ("5601", "Alta", "konfliktradet-finnmark"),
        ("5612", "Kautokeino", "konfliktradet-finnmark"),
        ("1580", "Haram", "konfliktradet-more-og-romsdal"),
        ("3107", "Fredrikstad", "konfliktradet-ostfold"),
        ("1818", "Herøy (Nordland)", "konfliktradet-nordland"),
    ],
)
def test_par13_first_para_office_for_the_victims_municipality(
    code: str, name: str, office: str
) -> None:
    assert offices.municipality_name(code) == name
    assert offices.office_for_municipality(code) == office


@pytest.mark.parametrize("code", ["9999", "0101", "1201", "5401"])  # unknown, or gone before 2024
def test_par13_first_para_unknown_municipality_is_refused(code: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        offices.office_for_municipality(code)
    assert raised.value.legal_basis == "konfliktrådsloven §13 first para"
    assert code in raised.value.reason


@pytest.mark.parametrize("code", ["301", "03O1", "", " 0301", "03011", "０３０１"])
def test_par13_first_para_malformed_kommunenummer_is_refused(code: str) -> None:
    with pytest.raises(RuleViolation) as raised:
        offices.office_for_municipality(code)
    assert raised.value.legal_basis == "konfliktrådsloven §13 first para"
    assert "four digits" in raised.value.reason


def test_par13_the_table_is_read_once_and_cannot_be_changed_by_callers() -> None:
    assert offices.municipalities() is offices.municipalities()
    with pytest.raises(TypeError):
        offices.municipalities()["0301"] = offices.municipalities()["4601"]  # type: ignore[index]
