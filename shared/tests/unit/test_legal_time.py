"""The suite's one calendar of the law (domstolloven §148): months, years, weeks and the police
record's two years, counted one way for every service."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from konfliktrad_shared.legal_time import (
    add_months,
    add_years,
    age_on,
    last_day_of_two_weeks,
    months_spanned,
    norwegian_date,
    police_record_ends_on,
    reaches_age,
)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
    ],
)
def test_domstolloven_s148_first_para_months_end_on_the_same_day_or_the_months_last(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


def test_domstolloven_s148_first_para_a_moment_keeps_its_time_of_day() -> None:
    moment = datetime(2026, 1, 31, 13, 45, tzinfo=UTC)
    assert add_months(moment, 1) == datetime(2026, 2, 28, 13, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2028, 2, 29), 1, date(2029, 2, 28)),
        (date(2028, 2, 29), 4, date(2032, 2, 29)),
        (date(2028, 2, 29), -3, date(2025, 2, 28)),
        (date(2026, 8, 31), 4, date(2030, 8, 31)),
    ],
)
def test_domstolloven_s148_first_para_years_on_29_february_end_on_28_february(
    start: date, years: int, end: date
) -> None:
    assert add_years(start, years) == end


def test_domstolloven_s148_first_para_months_spanned_is_the_fewest_that_reach() -> None:
    start = date(2026, 10, 15)
    assert months_spanned(start, date(2027, 10, 15)) == 12
    assert months_spanned(start, date(2027, 10, 16)) == 13
    assert months_spanned(start, start) == 0
    assert months_spanned(date(2026, 1, 31), date(2026, 2, 28)) == 1


def test_an_age_is_counted_to_the_day() -> None:
    assert age_on(date(2008, 9, 1), date(2026, 8, 31)) == 17
    assert age_on(date(2008, 9, 1), date(2026, 9, 1)) == 18
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (date(2026, 3, 2), date(2026, 3, 16)),  # Monday to Monday
        (date(2026, 3, 20), date(2026, 4, 7)),  # Good Friday, Easter: the Tuesday after
        (date(2026, 3, 7), date(2026, 3, 23)),  # a Saturday: the Monday after
    ],
)
def test_domstolloven_s148_second_para_two_weeks_run_to_a_working_day(
    start: date, last: date
) -> None:
    assert last_day_of_two_weeks(start) == last


def test_a_norwegian_date_is_the_date_in_oslo() -> None:
    assert norwegian_date(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("decided_on", "noted_until"),
    [
        (date(2028, 2, 29), date(2030, 2, 28)),
        (date(2026, 8, 31), date(2028, 8, 31)),
        (date(2026, 3, 1), date(2028, 3, 1)),
    ],
)
def test_politiregisterloven_s41_no_1_a_two_years_as_the_law_counts_years(
    decided_on: date, noted_until: date
) -> None:
    assert police_record_ends_on(decided_on) == noted_until


def test_an_age_is_reached_on_the_birthday_and_29_february_on_1_march() -> None:
    assert reaches_age(date(2008, 9, 1), 18) == date(2026, 9, 1)
    assert reaches_age(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert age_on(date(2008, 2, 29), reaches_age(date(2008, 2, 29), 18)) == 18
