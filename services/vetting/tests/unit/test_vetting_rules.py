from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from vetting.domain.commands import AppointMediator, Position
from vetting.domain.errors import RuleViolation
from vetting.domain.events import MediatorAppointed
from vetting.domain.model import Mediator

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CANDIDATE = AppointMediator(
    mediator_id="m-1",
    office="oslo",
    municipality="0301",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_in_norway_years=0,
    lives_in_municipality=True,
    police_certificate_clean=True,
    position=Position.NONE,
    on_leave=False,
)


def refusal(candidate: AppointMediator, now: datetime = NOW) -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        Mediator.appoint(candidate, now=now)
    return refused.value


def test_par5_mediator_must_be_over_18() -> None:
    violation = refusal(replace(CANDIDATE, birth_date=date(2008, 3, 3)))
    assert violation.legal_basis == "konfliktrådsloven §5 first para no. 1"


def test_par5_mediator_may_be_appointed_on_the_18th_birthday() -> None:
    mediator = Mediator.appoint(replace(CANDIDATE, birth_date=date(2008, 3, 2)), now=NOW)
    assert mediator.term_starts == date(2026, 3, 2)


def test_par5_age_is_judged_on_the_norwegian_date() -> None:
    late_evening_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Oslo
    mediator = Mediator.appoint(
        replace(CANDIDATE, birth_date=date(2008, 3, 2)), now=late_evening_utc
    )
    assert mediator.term_starts == date(2026, 3, 2)


@pytest.mark.parametrize("citizenship", ["NO", "SE", "DK", "FI", "IS", "se"])
def test_par5_nordic_citizens_need_no_residence(citizenship: str) -> None:
    Mediator.appoint(replace(CANDIDATE, citizenship=citizenship), now=NOW)


def test_par5_others_must_have_been_resident_three_years() -> None:
    violation = refusal(replace(CANDIDATE, citizenship="DE", resident_in_norway_years=2))
    assert violation.legal_basis == "konfliktrådsloven §5 first para no. 2"
    Mediator.appoint(replace(CANDIDATE, citizenship="DE", resident_in_norway_years=3), now=NOW)


def test_par5_mediator_must_live_in_the_municipality() -> None:
    violation = refusal(replace(CANDIDATE, lives_in_municipality=False))
    assert violation.legal_basis == "konfliktrådsloven §5 second para"


def test_par6_record_on_the_police_certificate_excludes() -> None:
    violation = refusal(replace(CANDIDATE, police_certificate_clean=False))
    assert violation.legal_basis == "konfliktrådsloven §6"


@pytest.mark.parametrize(
    "position", [Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT]
)
def test_par7_prosecution_and_police_positions_exclude(position: Position) -> None:
    violation = refusal(replace(CANDIDATE, position=position))
    assert violation.legal_basis == "konfliktrådsloven §7"
    assert position.value in violation.reason


@pytest.mark.parametrize(
    "position", [Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT]
)
def test_par7_leave_from_the_position_lifts_the_exclusion(position: Position) -> None:
    Mediator.appoint(replace(CANDIDATE, position=position, on_leave=True), now=NOW)


def test_par4_term_is_four_years_from_the_appointment_date() -> None:
    mediator = Mediator.appoint(CANDIDATE, now=NOW)
    assert (mediator.term_starts, mediator.term_ends) == (date(2026, 3, 2), date(2030, 3, 2))
    assert mediator.events == [
        MediatorAppointed("m-1", "oslo", "0301", date(2026, 3, 2), date(2030, 3, 2), NOW)
    ]


def test_par4_term_from_29_february_into_a_year_without_one_ends_on_28_february() -> None:
    mediator = Mediator.appoint(CANDIDATE, now=datetime(2096, 2, 29, 12, tzinfo=UTC))
    assert mediator.term_ends == date(2100, 2, 28)
