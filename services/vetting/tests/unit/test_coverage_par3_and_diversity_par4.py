"""§3 coverage of every municipality an office covers; §4 composition without singling out."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from vetting.domain import coverage, diversity, offices
from vetting.domain.errors import RuleViolation

VESTFOLD = "konfliktradet-vestfold"


def test_par3_coverage_finds_a_municipality_without_a_mediator() -> None:
    covered = offices.covered_by(VESTFOLD)
    assert len(covered) == 6
    with_mediators = [code for code in covered[1:]]
    report = coverage.report(VESTFOLD, covered, with_mediators, {})
    assert report.gaps == (covered[0],)
    assert report.legal_basis == "konfliktrådsloven §3 second para"


def test_par3_second_para_a_recorded_exception_is_no_gap() -> None:
    covered = offices.covered_by(VESTFOLD)
    report = coverage.report(VESTFOLD, covered, covered[1:], {covered[0]: "special circumstances"})
    assert report.gaps == ()
    assert report.municipalities[0].exception == "special circumstances"


def test_par3_an_exception_only_for_a_municipality_the_office_covers() -> None:
    with pytest.raises(RuleViolation):
        coverage.must_be_covered_by(
            "konfliktradet-oslo", "3901", offices.covered_by("konfliktradet-oslo")
        )


def member(gender: str, born: int = 1980, occupation: str = "teacher") -> diversity.Member:
    return diversity.Member(date(born, 1, 1), gender, occupation, "norwegian")


def test_par4_composition_suppresses_small_cells_and_their_complement() -> None:
    corps = [member("woman") for _ in range(7)] + [member("man") for _ in range(6)]
    corps += [member("nonbinary")]
    report = diversity.composition(corps, on=date(2026, 3, 2))
    assert report.total == 14
    genders = {cell.value: cell.count for cell in report.dimensions["gender"]}
    # one cell under 5 would be found by subtraction: the next smallest is hidden too
    assert genders == {"woman": 7, "man": None, "nonbinary": None}


def test_par4_composition_counts_each_dimension_on_its_own() -> None:
    corps = [member("woman", 1990) for _ in range(5)] + [member("man", 1960) for _ in range(5)]
    report = diversity.composition(corps, on=date(2026, 3, 2))
    bands = {cell.value: cell.count for cell in report.dimensions["age_band"]}
    assert bands == {"30-44": 5, "60+": 5}
    assert set(report.dimensions) == {"age_band", "gender", "occupation", "background"}


def test_par4_composition_of_fewer_than_five_says_nothing() -> None:
    assert diversity.composition([member("woman")] * 4, on=date(2026, 3, 2)).dimensions == {}


def test_par4_no_published_count_is_below_the_smallest_cell() -> None:
    corps = [member(g) for g in ["a"] * 9 + ["b"] * 3 + ["c"] * 2 + ["d"] * 6]
    cells = diversity.composition(corps, on=date(2026, 3, 2)).dimensions["gender"]
    shown = [cell.count for cell in cells if cell.count is not None]
    assert all(count >= diversity.SMALLEST_CELL for count in shown)
    assert Counter(cell.count is None for cell in cells)[True] == 2
