"""youth_plan's erasures: an ended case past its period (domain/retention.py) loses its
parties, team and the decisions that describe people; the row stays for the figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, cast, func, or_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from konfliktrad_shared.housekeeping import Erasure
from youth_plan.adapters.orm import youth_cases
from youth_plan.domain.retention import ENDED_YOUTH_CASE

_PERSONAL_TEXT = ("temporary_guardian_decision", "substance_ban", "postponement")


async def erase_ended_cases(connection: AsyncConnection, now: datetime) -> int:
    ended_on = func.coalesce(youth_cases.c.completed_on, youth_cases.c.interrupted_on)
    still_personal = or_(
        cast(youth_cases.c.parties, Text) != "[]",
        cast(youth_cases.c.team, Text) != "[]",
        *(youth_cases.c[column].is_not(None) for column in _PERSONAL_TEXT),
    )
    erased = await connection.execute(
        update(youth_cases)
        .where(ended_on < ENDED_YOUTH_CASE.expired_before(now), still_personal)
        .values(parties=[], team=[], **dict.fromkeys(_PERSONAL_TEXT))
    )
    return erased.rowcount


ERASURES: tuple[Erasure, ...] = (erase_ended_cases,)
