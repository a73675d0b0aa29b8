"""The withdrawal period (§18), and when exactly "within two weeks" ends.

Reading: a period in weeks ends on the same weekday as the day it started from (the approval),
two weeks later, at the end of that day in Norwegian time (as court periods are counted,
domstolloven §148). So an agreement approved on Monday 2 March 2026 at 14:10 Oslo time can be
withdrawn until Monday 16 March 23:59:59.999999 Oslo time; the period's first instant after is
Tuesday 17 March 00:00 Oslo.

A period whose last day is a Saturday, a Sunday or a public holiday runs to the end of the
next working day (domstolloven §148 second para, read with the first para's counting): an
agreement approved on Friday 20 March 2026 would end on Good Friday 3 April; Easter Saturday,
Sunday and Monday follow, so it ends at the end of Tuesday 7 April. An approval on a Saturday
(a meeting may be held then) ends two weeks later on a Saturday, so on the Monday after. The
holidays are computed for any year (`konfliktrad_shared.holidays`); the counting itself is
`konfliktrad_shared.legal_time`'s, the suite's one calendar of the law.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from konfliktrad_shared.legal_time import last_day_of_two_weeks, norwegian_date
from mediation.domain.agreements import Agreement
from mediation.domain.errors import RuleViolation
from mediation.domain.terms import NORWAY

PERIOD = "konfliktrådsloven §18 first para, domstolloven §148 second para"


def withdrawal_ends_at(approved_at: datetime) -> datetime:
    """The first instant at which withdrawal is no longer possible (exclusive end):
    konfliktrådsloven §18 first para, domstolloven §148 second para."""
    last_day = last_day_of_two_weeks(norwegian_date(approved_at))
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=ZoneInfo(NORWAY))


def must_be_withdrawable(agreement: Agreement, *, criminal: bool, now: datetime) -> None:
    if agreement.approved_at is None or agreement.withdrawn_by is not None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §18 first para",
            reason="only an approved agreement in force can be withdrawn from",
        )
    if criminal and agreement.fulfilled_at is not None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §18 first para",
            reason="an agreement that has been fulfilled can no longer be withdrawn from",
        )
    if agreement.withdrawal_ends_at is None:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §18 second para",
            reason="the parties agreed no withdrawal deadline in this civil case",
        )
    if now >= agreement.withdrawal_ends_at:
        raise RuleViolation(
            legal_basis=PERIOD if criminal else "konfliktrådsloven §18 second para",
            reason="the withdrawal period ended at "
            f"{agreement.withdrawal_ends_at.astimezone(ZoneInfo(NORWAY)).isoformat()}",
        )
