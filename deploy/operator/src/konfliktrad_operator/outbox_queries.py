"""A service's outbox seen from outside: backlog, oldest unsent row, parked rows, release.

Written against the outbox columns the relay's per-row outcomes add (`attempts`,
`last_error`, `next_attempt_at`, `parked_at`; a parked row is `parked_at IS NOT NULL AND
published_at IS NULL`). Once `konfliktrad_shared.outbox_relay` offers `outbox_status` and
`release_parked`, this module gives way to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.outbox import NOTIFY_CHANNEL


class NotParked(Exception):
    """The row is not parked (sent, waiting its turn, or no such row)."""


@dataclass(frozen=True, slots=True)
class ParkedRow:
    id: int
    topic: str
    event_type: str
    attempts: int
    last_error: str | None
    parked_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    backlog: int
    oldest_unsent_age_seconds: float | None
    parked: list[ParkedRow]


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the services write UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def outbox_status(engine: AsyncEngine, now: datetime | None = None) -> OutboxStatus:
    now = now or datetime.now(UTC)
    async with engine.connect() as connection:
        backlog, oldest = (
            await connection.execute(
                text("SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL")
            )
        ).one()
        parked = (
            await connection.execute(
                text(
                    "SELECT id, topic, event_type, attempts, last_error, parked_at FROM outbox "
                    "WHERE parked_at IS NOT NULL AND published_at IS NULL ORDER BY id"
                )
            )
        ).all()
    if isinstance(oldest, str):  # SQLite without type information on an aggregate
        oldest = datetime.fromisoformat(oldest)
    return OutboxStatus(
        backlog=int(backlog),
        oldest_unsent_age_seconds=(now - _aware(oldest)).total_seconds() if oldest else None,
        parked=[
            ParkedRow(
                id=row.id,
                topic=row.topic,
                event_type=row.event_type,
                attempts=row.attempts,
                last_error=row.last_error,
                parked_at=_aware(row.parked_at),
            )
            for row in parked
        ],
    )


async def release_parked(engine: AsyncEngine, row_id: int) -> None:
    """Makes a parked row due again with a fresh attempt budget; its last error stays for
    the record. On PostgreSQL the relay is woken at once."""
    async with engine.begin() as connection:
        result = await connection.execute(
            text(
                "UPDATE outbox SET parked_at = NULL, next_attempt_at = NULL, attempts = 0 "
                "WHERE id = :id AND parked_at IS NOT NULL AND published_at IS NULL"
            ),
            {"id": row_id},
        )
        if result.rowcount != 1:
            raise NotParked(f"outbox row {row_id} is not parked")
        if engine.dialect.name == "postgresql":
            await connection.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
