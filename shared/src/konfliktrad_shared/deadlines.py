"""Durable deadlines: rows in a table, fired by a ticker that reads the injected clock.

A restart forgets nothing, and a test moves the clock instead of sleeping. A deadline fires
through the message bus with the deadline's id as the inbox key, so it acts once even if two
tickers see it or a crash interrupts the marking. A service declares its deadline kinds as a
table (kind → the command it becomes); the ticker is the same for every service.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from konfliktrad_shared.clock import Clock
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.refusal import NotFound, RuleViolation

log = logging.getLogger(__name__)
# Tries of one deadline in a pass when another instance changes its aggregate meanwhile.
CONFLICT_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class DueDeadline:
    id: str
    kind: str
    aggregate_id: str
    due_at: datetime
    payload: dict[str, Any]


DeadlineCommand = Callable[[DueDeadline], object]
"""A deadline kind's command: what the service does when a deadline of that kind falls due."""
DeadlineKinds = Mapping[str, DeadlineCommand]
Fire = Callable[[DueDeadline], Awaitable[object]]


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


def firing(
    handle: Callable[[Any, Delivery], Awaitable[object]], kinds: DeadlineKinds, consumer: str
) -> Fire:
    """Each deadline through `handle` (the bus) as its kind's command, the deadline's id as the
    inbox key under `consumer`. A kind the service no longer declares is logged and done."""

    async def fire(deadline: DueDeadline) -> object:
        command_for = kinds.get(deadline.kind)
        if command_for is None:
            log.warning("deadline %s of unknown kind %s skipped", deadline.id, deadline.kind)
            return None
        return await handle(command_for(deadline), Delivery(consumer, deadline.id))

    return fire


class DeadlineTicker:
    """Fires every due deadline, each in a transaction of its own.

    One transaction per deadline is SQLite's single-writer rule kept here, once, for every
    service: the mark of a fired row takes the database's one write lock, so a pass that held
    it while the next deadline's handler wrote would wait on itself until the busy timeout,
    roll the whole pass back and start again for ever. Committed one by one, the mark is
    released before the next handler writes. On PostgreSQL the row stays locked (`SKIP
    LOCKED`) while its handler runs, so two tickers never fire the same row at once.

    One error policy: a deadline already acted on (a duplicate) or whose aggregate is gone is
    done; a refusal of the law is final — marked fired, its provision and reason logged, never
    retried; anything else (the database away, a bug) leaves the row for the next poll.
    """

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        deadlines: Table,
        clock: Clock,
        fire: Fire,
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
                log.exception("deadline ticker: reading due deadlines failed; will retry")
            await asyncio.sleep(self._poll_seconds)

    async def fire_due(self) -> int:
        """Fires what is due now; the number of deadlines marked fired in this pass."""
        table = self._deadlines
        async with self._engine.connect() as connection:
            due = (
                await connection.execute(
                    select(table.c.id)
                    .where(table.c.fired_at.is_(None), table.c.due_at <= self._clock.now())
                    .order_by(table.c.due_at)
                    .limit(self._batch_size)
                )
            ).scalars()
            ids = list(due)
        fired = 0
        for deadline_id in ids:
            fired += await self._fire_retrying_a_conflict(deadline_id)
        return fired

    async def _fire_retrying_a_conflict(self, deadline_id: str) -> int:
        """A write conflict (another instance changed the same aggregate since it was read:
        its version check) is tried again at once, that commit being in by then; anything
        else waits for the next poll."""
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                async with self._engine.begin() as connection:
                    return await self._fire_one(connection, deadline_id)
            except StaleDataError:
                if attempt < CONFLICT_ATTEMPTS:
                    log.info("deadline %s met a concurrent change; firing it again", deadline_id)
                    continue
                log.exception("deadline %s not fired; will retry at the next poll", deadline_id)
            except Exception:
                log.exception("deadline %s not fired; will retry at the next poll", deadline_id)
                return 0
        return 0

    async def _fire_one(self, connection: AsyncConnection, deadline_id: str) -> int:
        table = self._deadlines
        row = (
            await connection.execute(
                select(table)
                .where(table.c.id == deadline_id, table.c.fired_at.is_(None))
                .with_for_update(skip_locked=True)
            )
        ).one_or_none()
        if row is None:  # another ticker has it, or fired it since the read
            return 0
        deadline = DueDeadline(
            id=row.id,
            kind=row.kind,
            aggregate_id=row.aggregate_id,
            due_at=row.due_at,
            payload=dict(row.payload),
        )
        try:
            await self._fire(deadline)
        except DuplicateDelivery:
            # Acted on before a crash kept the ticker from marking it: done, mark it now.
            log.info("deadline %s already acted on", deadline.id)
        except NotFound:
            log.info("deadline %s (%s): its aggregate is gone", deadline.id, deadline.kind)
        except RuleViolation as refusal:
            # Firing again cannot change the law's answer; one stuck row must not block others.
            log.warning(
                "deadline %s (%s) refused: %s: %s",
                deadline.id,
                deadline.kind,
                refusal.legal_basis,
                refusal.reason,
            )
        await connection.execute(
            update(table).where(table.c.id == deadline.id).values(fired_at=self._clock.now())
        )
        return 1
