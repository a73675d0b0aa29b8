"""Vetting's erasures: deletes the rows whose retention (domain/retention.py) has run out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.legal_time import start_of_day
from vetting.adapters.orm import applications, appointments
from vetting.domain.model import Status
from vetting.domain.retention import APPLICANT_NOT_APPOINTED, FORMER_MEDIATOR


async def erase_former_mediators(connection: AsyncConnection, now: datetime) -> int:
    ended_on = func.coalesce(appointments.c.ended_on, appointments.c.term_ends)
    erased = await connection.execute(
        delete(appointments).where(
            appointments.c.status != Status.ACTIVE,
            ended_on < FORMER_MEDIATOR.expired_before(now),
        )
    )
    return erased.rowcount


async def erase_applicants_not_appointed(connection: AsyncConnection, now: datetime) -> int:
    # After the appointments: an application whose appointment was erased just now goes too.
    appointed = select(appointments.c.application_id)
    erased = await connection.execute(
        delete(applications).where(
            applications.c.application_id.not_in(appointed),
            applications.c.received_at < start_of_day(APPLICANT_NOT_APPOINTED.expired_before(now)),
        )
    )
    return erased.rowcount


ERASURES: tuple[Erasure, ...] = (erase_former_mediators, erase_applicants_not_appointed)
