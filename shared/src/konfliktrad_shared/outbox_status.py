"""What an operator needs to see of a service's outbox, and the one repair it allows.

A parked row is `parked_at IS NOT NULL AND published_at IS NULL`: the relay gave up on it
(a refusal no retry changes, or too many failed attempts) and its key's later rows wait
behind it. Nothing here reads a row's payload: it may hold personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.db import PlumbingTables
from konfliktrad_shared.outbox import NOTIFY_CHANNEL


@dataclass(frozen=True, slots=True)
class ParkedRow:
    id: int
    topic: str
    message_key: str
    event_type: str
    event_id: str
    attempts: int
    last_error: str | None
    created_at: datetime
    parked_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    backlog: int  # unsent rows, parked ones included
    oldest_unsent_age_seconds: float | None
    backing_off: int  # unsent rows waiting out a backoff (or leased to a relay sending them)
    parked: list[ParkedRow]


async def outbox_status(
    engine: AsyncEngine, tables: PlumbingTables, now: datetime | None = None
) -> OutboxStatus:
    outbox = tables.outbox
    now = now or datetime.now(UTC)
    unsent = outbox.c.published_at.is_(None)
    async with engine.connect() as connection:
        counted = select(func.count(), func.min(outbox.c.created_at)).where(unsent)
        backlog, oldest = (await connection.execute(counted)).one()
        backing_off = await connection.scalar(
            select(func.count()).where(
                unsent, outbox.c.parked_at.is_(None), outbox.c.next_attempt_at > now
            )
        )
        parked = await connection.execute(
            select(
                outbox.c.id,
                outbox.c.topic,
                outbox.c.message_key,
                outbox.c.event_type,
                outbox.c.event_id,
                outbox.c.attempts,
                outbox.c.last_error,
                outbox.c.created_at,
                outbox.c.parked_at,
            )
            .where(unsent, outbox.c.parked_at.is_not(None))
            .order_by(outbox.c.id)
        )
        parked_rows = [ParkedRow(**row._asdict()) for row in parked]
    return OutboxStatus(
        backlog=int(backlog),
        oldest_unsent_age_seconds=_age(now, oldest),
        backing_off=int(backing_off or 0),
        parked=parked_rows,
    )


async def release_parked(engine: AsyncEngine, tables: PlumbingTables, row_id: int) -> bool:
    """Lets the relay try a parked row again (after its cause was fixed), with a fresh count
    of attempts; its last error stays for the record. On PostgreSQL the relay is woken at
    once. False when no parked, unsent row has that id."""
    outbox = tables.outbox
    async with engine.begin() as connection:
        result = await connection.execute(
            update(outbox)
            .where(
                outbox.c.id == row_id,
                outbox.c.published_at.is_(None),
                outbox.c.parked_at.is_not(None),
            )
            .values(parked_at=None, next_attempt_at=None, attempts=0)
        )
        released = bool(result.rowcount)
        if released and engine.dialect.name == "postgresql":
            await connection.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return released


def _age(now: datetime, oldest: datetime | None) -> float | None:
    return None if oldest is None else (now - _aware(oldest)).total_seconds()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the suite stores UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
