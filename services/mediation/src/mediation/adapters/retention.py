"""Mediation's erasures: meeting notes past their period (domain/retention.py) are deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.legal_time import start_of_day
from mediation.adapters.orm import meeting_notes
from mediation.domain.retention import MEETING_NOTES


async def erase_meeting_notes(connection: AsyncConnection, now: datetime) -> int:
    expired = start_of_day(MEETING_NOTES.expired_before(now))
    erased = await connection.execute(
        delete(meeting_notes).where(meeting_notes.c.written_at < expired)
    )
    return erased.rowcount


ERASURES: tuple[Erasure, ...] = (erase_meeting_notes,)
