"""Dates as the Act counts them: Norwegian calendar days, years to the same date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

NORWAY = ZoneInfo("Europe/Oslo")


def norwegian_date(moment: datetime) -> date:
    return moment.astimezone(NORWAY).date()


def start_of_day(day: date) -> datetime:
    """Midnight in Norway at the start of `day`, in UTC (SQLite keeps no zone, so the stored
    value is written in the one zone every comparison uses)."""
    return datetime(day.year, day.month, day.day, tzinfo=NORWAY).astimezone(UTC)


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February falls on the last day of February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth_date: date, on: date) -> int:
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)
