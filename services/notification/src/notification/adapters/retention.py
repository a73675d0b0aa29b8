"""Notification's erasures: contact books and notices of cases silent past their period, and
printed letters past theirs (domain/retention.py), are deleted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.legal_time import start_of_day
from notification.adapters.orm import contact_book, notices, print_queue
from notification.domain.retention import CONTACTS_AND_NOTICES, PRINTED_LETTERS


async def erase_silent_cases(connection: AsyncConnection, now: datetime) -> int:
    expired = start_of_day(CONTACTS_AND_NOTICES.expired_before(now))
    silent = (
        select(notices.c.case_id)
        .group_by(notices.c.case_id)
        .having(func.max(notices.c.updated_at) < expired)
    )
    case_ids = list((await connection.execute(silent)).scalars())
    if not case_ids:
        return 0
    contacts = await connection.execute(
        delete(contact_book).where(contact_book.c.case_id.in_(case_ids))
    )
    sent = await connection.execute(delete(notices).where(notices.c.case_id.in_(case_ids)))
    return contacts.rowcount + sent.rowcount


async def erase_printed_letters(connection: AsyncConnection, now: datetime) -> int:
    expired = start_of_day(PRINTED_LETTERS.expired_before(now))
    erased = await connection.execute(
        delete(print_queue).where(
            print_queue.c.printed_at.is_not(None), print_queue.c.printed_at < expired
        )
    )
    return erased.rowcount


ERASURES: tuple[Erasure, ...] = (erase_silent_cases, erase_printed_letters)
