from __future__ import annotations

import pytest

from referral.domain import offices
from referral.domain.errors import RuleViolation

SVALBARD = {"2111": "Svalbard", "2121": "Bjørnøya", "2131": "Hopen"}  # SSB's area codes


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
