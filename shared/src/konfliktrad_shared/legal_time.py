"""Legal time: how the law counts days, weeks, months and years — pure, one place for the suite.

Every service that counts a period the law sets counts it here, so no two services can read
the same rule two ways. Each rule's reading stands next to it, with where it comes from.

Periods in months and years (domstolloven §148 first para): a period of months or years ends on
the day of the last month whose number matches the day it started from; where the last month
has no such day, on the month's last day. So 31 January + 1 month is 28 (or 29) February, and
29 February + 1 year is 28 February. This is the one month arithmetic of the suite: the
execution period (§23), the mediator's four-year term (§4 fourth para), the years of the record
rules (§6) and the police record's two years (below) all use it.

Periods in weeks (domstolloven §148 first para): the period ends on the same weekday as the day
it started from, that many weeks later. A period for doing something whose last day is a
Saturday, a Sunday or a public holiday runs to the next working day (§148 second para).

Ages (`age_on`, `reaches_age`) are not periods: one is a year older on the birthday itself, and
one born on 29 February has had no birthday on 28 February of a common year, so turns 18 on
1 March — where a period of years from 29 February ends on 28 February.

Norwegian dates: the Act's days are days in Norway, so an instant is read in Europe/Oslo before
its date is taken, whatever zone it was stored in.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from konfliktrad_shared.holidays import next_working_day_from

NORWAY = ZoneInfo("Europe/Oslo")

Day = TypeVar("Day", bound=date)  # a date, or a datetime whose time of day is kept

TWO_WEEKS = timedelta(weeks=2)
POLICE_RECORD_YEARS = 2


def norwegian_date(moment: datetime) -> date:
    """The date in Norway at `moment`."""
    return moment.astimezone(NORWAY).date()


def start_of_day(day: date) -> datetime:
    """Midnight in Norway at the start of `day`, in UTC (SQLite keeps no zone, so the stored
    value is written in the one zone every comparison uses)."""
    return datetime(day.year, day.month, day.day, tzinfo=NORWAY).astimezone(UTC)


def add_months(day: Day, months: int) -> Day:
    """The same day `months` later (or earlier), or the month's last day where it has no such
    day (domstolloven §148 first para). A datetime keeps its time of day and zone.

    Raises ValueError past the calendar's ends (year 1 or 9999)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def add_years(day: Day, years: int) -> Day:
    """The same date `years` later (or earlier); 29 February falls on 28 February."""
    return add_months(day, 12 * years)


def months_spanned(start: date, end: date) -> int:
    """The fewest whole months from `start` that reach `end` (0 when `end` is not after it).

    Counted, not stepped: an end date centuries away must not cost centuries of steps, nor a
    date past the year 9999."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months - 1) >= end:
        months -= 1
    return months if add_months(start, months) >= end else months + 1


def age_on(birth_date: date, day: date) -> int:
    """Whole years, exact to the day: one is 18 from the 18th birthday itself. One born on
    29 February is a year older on 1 March in a common year (the birthday has not passed on
    28 February)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def reaches_age(birth_date: date, age: int) -> date:
    """The first day one is `age` years old, as `age_on` counts it. An age is not a period:
    one born on 29 February has not had the birthday on 28 February of a common year, so is
    that age from 1 March (unlike `add_years`, which ends a period on 28 February)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return date(birth_date.year + age, 3, 1)


def last_day_of_weeks(start: date, weeks: int) -> date:
    """The last day of a period of `weeks` weeks counted from `start`, for doing something:
    the same weekday `weeks` later, moved on to the next working day where that is a Saturday,
    a Sunday or a public holiday (domstolloven §148 first and second para)."""
    return next_working_day_from(start + timedelta(weeks=weeks))


def last_day_of_two_weeks(start: date) -> date:
    """ "Within two weeks" from `start` (konfliktrådsloven §18 first para's withdrawal period,
    counted by domstolloven §148)."""
    return last_day_of_weeks(start, TWO_WEEKS.days // 7)


def police_record_ends_on(decided_on: date) -> date:
    """The day the police certificate stops showing a criminal case solved in the office.

    The rule (politiregisterloven §41 no. 1 (a); domain-rules §4; the Mediation Service's own
    words in seed 000: "will be included in the police certificate of good conduct for two
    years"): the case is noted for two years after the approved agreement, youth plan or plan,
    and deleted if no new offence is committed in those two years.

    Reading: "two years" is a period in years, and Norwegian law counts one as domstolloven
    §148 first para does: it ends on the same date two years later, and
    where that year has no such date — an approval on 29 February — on the last day of
    February. So 29 February 2028 → 28 February 2030, never 1 March. It is the length of a
    note, not a time for anyone to act, so §148 second para's move past a holiday does not
    apply: the date may be a Sunday."""
    return add_years(decided_on, POLICE_RECORD_YEARS)
