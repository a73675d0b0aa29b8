"""Norwegian public holidays and working days, for any year — pure, no calendar data.

Which days: the holy days of helligdagsloven §2 (Sundays, New Year's Day, Maundy Thursday, Good
Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, Christmas Day and
Boxing Day) and the two days of lov om 1. og 17. mai som offentlige høytidsdager. Christmas
Eve and New Year's Eve are not among them. Saturdays are not holidays, but domstolloven §148
second para extends a period ending on one as it does one ending on a holiday.

Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher); the other
movable days are counted from it. We compute rather than depend on the `holidays` package
from PyPI: a dozen lines cover every year, the law's list is visible here to a reader, and a
package whose tables change by release would change when a period ends.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

SATURDAY, SUNDAY = 5, 6


def easter_sunday(year: int) -> date:
    """The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The year's public holidays other than ordinary Sundays, each with its name."""
    easter = easter_sunday(year)

    def after_easter(days: int) -> date:
        return easter + timedelta(days=days)

    return {
        date(year, 1, 1): "første nyttårsdag",
        after_easter(-3): "skjærtorsdag",
        after_easter(-2): "langfredag",
        easter: "første påskedag",
        after_easter(1): "andre påskedag",
        date(year, 5, 1): "1. mai",
        date(year, 5, 17): "17. mai",
        after_easter(39): "Kristi himmelfartsdag",
        after_easter(49): "første pinsedag",
        after_easter(50): "andre pinsedag",
        date(year, 12, 25): "første juledag",
        date(year, 12, 26): "andre juledag",
    }


def is_public_holiday(day: date) -> bool:
    return day.weekday() == SUNDAY or day in public_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a public holiday."""
    return day.weekday() != SATURDAY and not is_public_holiday(day)


def next_working_day_from(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it
    (domstolloven §148 second para: the period runs to the next working day)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
