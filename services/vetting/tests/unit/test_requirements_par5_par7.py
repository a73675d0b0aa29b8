"""§5 age, citizenship and residence at their boundaries; suitability and residence in the
municipality; the youngest mediators; §7 positions and the leave exception."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from vetting.domain.eligibility import assess, must_be_eligible
from vetting.domain.errors import RuleViolation
from vetting.domain.position import Position
from vetting.domain.record import Reaction, RecordEntry
from vetting.domain.requirements import needs_case_assessment
from vetting.domain.vocabulary import Candidate, Role

ON = date(2026, 3, 2)
CANDIDATE = Candidate(
    name="Synthetic Mediator",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_since=None,
    lives_in_municipality=True,
    suitable=True,
    police_certificate_received_on=date(2026, 2, 20),
)


def provisions(candidate: Candidate, role: Role = Role.MEDIATOR) -> list[str]:
    return [finding.legal_basis for finding in assess(role, candidate, on=ON)]


@pytest.mark.parametrize(
    ("birth_date", "eligible"),
    [(date(2008, 3, 2), True), (date(2008, 3, 3), False), (date(2008, 3, 1), True)],
)
def test_par5_no1_over_18_from_the_18th_birthday(birth_date: date, eligible: bool) -> None:
    found = assess(Role.MEDIATOR, replace(CANDIDATE, birth_date=birth_date), on=ON)
    assert (found == []) is eligible
    if not eligible:
        assert found[0].legal_basis == "konfliktrådsloven §5 first para no. 1"
        assert found[0].eligible_from == date(2026, 3, 3)


@pytest.mark.parametrize("citizenship", ["NO", "SE", "DK", "FI", "IS", "se"])
def test_par5_no2_nordic_citizens_need_no_residence(citizenship: str) -> None:
    assert provisions(replace(CANDIDATE, citizenship=citizenship)) == []


@pytest.mark.parametrize(
    ("resident_since", "eligible"),
    [(date(2023, 3, 2), True), (date(2023, 3, 3), False), (None, False)],
)
def test_par5_no2_others_registered_resident_for_the_last_three_years(
    resident_since: date | None, eligible: bool
) -> None:
    candidate = replace(CANDIDATE, citizenship="DE", resident_since=resident_since)
    found = assess(Role.MEDIATOR, candidate, on=ON)
    assert (found == []) is eligible
    if resident_since == date(2023, 3, 3):
        assert found[0].legal_basis == "konfliktrådsloven §5 first para no. 2"
        assert found[0].eligible_from == date(2026, 3, 3)


@pytest.mark.parametrize(("suitable", "reason"), [(False, "not assessed"), (None, "not yet")])
def test_par5_no3_personal_suitability_must_be_assessed_and_found(
    suitable: bool | None, reason: str
) -> None:
    [finding] = assess(Role.MEDIATOR, replace(CANDIDATE, suitable=suitable), on=ON)
    assert finding.legal_basis == "konfliktrådsloven §5 first para no. 3"
    assert reason in finding.reason


def test_par5_second_para_a_mediator_lives_in_the_municipality() -> None:
    elsewhere = replace(CANDIDATE, lives_in_municipality=False)
    assert provisions(elsewhere) == ["konfliktrådsloven §5 second para"]
    assert provisions(elsewhere, Role.YOUTH_COORDINATOR) == []


@pytest.mark.parametrize(
    ("birth_date", "flagged"), [(date(2005, 3, 3), True), (date(2005, 3, 2), False)]
)
def test_par5_the_youngest_mediators_are_flagged(birth_date: date, flagged: bool) -> None:
    assert needs_case_assessment(birth_date, on=ON) is flagged


@pytest.mark.parametrize(
    "position", [Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT]
)
def test_par7_first_para_prosecution_and_police_positions_exclude(position: Position) -> None:
    assert provisions(replace(CANDIDATE, position=position)) == ["konfliktrådsloven §7 first para"]


@pytest.mark.parametrize(
    "position", [Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT]
)
def test_par7_second_para_leave_from_the_position_lifts_the_exclusion(position: Position) -> None:
    assert provisions(replace(CANDIDATE, position=position, on_leave=True)) == []


def test_par7_applies_to_mediators_not_to_employed_leaders() -> None:
    assert provisions(replace(CANDIDATE, position=Position.POLICE), Role.OFFICE_LEADER) == []


def test_par5_to_7_refusal_names_every_provision_and_when_each_stops() -> None:
    candidate = replace(
        CANDIDATE,
        position=Position.POLICE,
        record=(RecordEntry(Reaction.YOUTH_SENTENCE, date(2020, 1, 1)),),
    )
    with pytest.raises(RuleViolation) as refused:
        must_be_eligible(Role.MEDIATOR, candidate, on=ON)
    assert refused.value.legal_basis == (
        "konfliktrådsloven §6 first para no. 7; konfliktrådsloven §7 first para"
    )
    assert "eligible from 2030-01-01" in refused.value.reason
    assert "not by waiting" in refused.value.reason
