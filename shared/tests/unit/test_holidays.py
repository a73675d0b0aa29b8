"""domstolloven §148 second para with konfliktrådsloven §18 first para: Norwegian public
holidays for any year, Easter by the anonymous Gregorian algorithm, and the next working day."""

from __future__ import annotations

from datetime import date

import pytest

from konfliktrad_shared.holidays import (
    easter_sunday,
    is_working_day,
    next_working_day_from,
    public_holidays,
)

# Published Easter Sundays across the Gregorian range, the earliest and latest dates included.
EASTERS = [
    (1818, date(1818, 3, 22)),  # as early as it gets
    (1886, date(1886, 4, 25)),  # as late as it gets
    (1900, date(1900, 4, 15)),
    (1943, date(1943, 4, 25)),
    (2000, date(2000, 4, 23)),
    (2008, date(2008, 3, 23)),
    (2024, date(2024, 3, 31)),
    (2025, date(2025, 4, 20)),
    (2026, date(2026, 4, 5)),
    (2038, date(2038, 4, 25)),
    (2100, date(2100, 3, 28)),
    (2285, date(2285, 3, 22)),
]


@pytest.mark.parametrize(("year", "easter"), EASTERS)
def test_domstolloven_s148_second_para_easter_by_the_anonymous_gregorian_algorithm(
    year: int, easter: date
) -> None:
    assert easter_sunday(year) == easter


def test_domstolloven_s148_second_para_the_public_holidays_of_2026() -> None:
    assert sorted(public_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 2),  # skjærtorsdag
        date(2026, 4, 3),  # langfredag
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 17),
        date(2026, 5, 24),
        date(2026, 5, 25),  # andre pinsedag
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]


def test_domstolloven_s148_second_para_christmas_eve_and_new_years_eve_are_working_days() -> None:
    assert is_working_day(date(2026, 12, 24)) and is_working_day(date(2026, 12, 31))


@pytest.mark.parametrize(
    ("last_day", "runs_to"),
    [
        (date(2026, 3, 16), date(2026, 3, 16)),  # a Monday: unchanged
        (date(2026, 3, 21), date(2026, 3, 23)),  # Saturday → Monday
        (date(2026, 3, 22), date(2026, 3, 23)),  # Sunday → Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # Maundy Thursday → after Easter Monday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Day → Friday
        (date(2026, 5, 17), date(2026, 5, 18)),  # 17 May on a Sunday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Day, Boxing Day, Sunday
        (date(2027, 5, 1), date(2027, 5, 3)),  # 1 May on a Saturday
        (date(2027, 12, 31), date(2027, 12, 31)),  # New Year's Eve is a working day
        (date(2028, 1, 1), date(2028, 1, 3)),  # New Year's Day on a Saturday
    ],
)
def test_domstolloven_s148_second_para_a_period_ending_on_a_non_working_day_runs_to_the_next(
    last_day: date, runs_to: date
) -> None:
    assert next_working_day_from(last_day) == runs_to
