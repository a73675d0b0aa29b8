"""Durable deadlines: rows in a table, fired by a ticker that reads the injected clock.

A restart forgets nothing, and a test moves the clock instead of sleeping. A deadline fires
through the message bus with the deadline's id as the inbox key, so it acts once even if two
tickers see it or a crash interrupts the marking.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from konfliktrad_shared.clock import Clock

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DueDeadline:
    id: str
    kind: str
    aggregate_id: str
    due_at: datetime
    payload: dict[str, Any]


async def schedule(
    session: AsyncSession,
    deadlines: Table,
    *,
    kind: str,
    aggregate_id: str,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
) -> str:
    """Add a deadline inside the caller's transaction."""
    deadline_id = str(uuid4())
    await session.execute(
        insert(deadlines).values(
            id=deadline_id,
            kind=kind,
            aggregate_id=aggregate_id,
            due_at=due_at,
            payload=payload or {},
            fired_at=None,
        )
    )
    return deadline_id


class DeadlineTicker:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        deadlines: Table,
        clock: Clock,
        fire: Callable[[DueDeadline], Awaitable[None]],
        poll_seconds: float = 1.0,
        batch_size: int = 100,
    ) -> None:
        self._engine = engine
        self._deadlines = deadlines
        self._clock = clock
        self._fire = fire
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size

    async def run(self) -> None:
        while True:
            try:
                await self.fire_due()
            except Exception:
                log.exception("deadline ticker: firing failed; will retry")
            await asyncio.sleep(self._poll_seconds)

    async def fire_due(self) -> int:
        table = self._deadlines
        async with self._engine.begin() as connection:
            rows = (
                await connection.execute(
                    select(table)
                    .where(table.c.fired_at.is_(None), table.c.due_at <= self._clock.now())
                    .order_by(table.c.due_at)
                    .limit(self._batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for row in rows:
                await self._fire(
                    DueDeadline(
                        id=row.id,
                        kind=row.kind,
                        aggregate_id=row.aggregate_id,
                        due_at=row.due_at,
                        payload=dict(row.payload),
                    )
                )
                await connection.execute(
                    update(table).where(table.c.id == row.id).values(fired_at=self._clock.now())
                )
        return len(rows)
