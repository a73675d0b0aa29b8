"""Keeps the outbox and the inbox from growing without bound.

Published outbox rows are only history once the broker has them. Inbox rows must outlive every
copy of their event the broker could still redeliver, so they are kept well past the topics'
retention (7 days by default in Kafka): dropping one sooner would let a late duplicate through.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from konfliktrad_shared.clock import Clock
from konfliktrad_shared.db import PlumbingTables

log = logging.getLogger(__name__)

Erasure = Callable[[AsyncConnection, datetime], Awaitable[int]]
"""Erases one category's expired rows at `now` (retention by category, `retention.Kept`)
inside the given transaction; returns how many."""


@dataclass(frozen=True)
class Retention:
    published_outbox: timedelta = timedelta(days=7)
    inbox: timedelta = timedelta(days=30)
    every: timedelta = timedelta(hours=1)


class Housekeeper:
    def __init__(
        self, *, engine: AsyncEngine, tables: PlumbingTables, clock: Clock, retention: Retention
    ) -> None:
        self._engine = engine
        self._tables = tables
        self._clock = clock
        self._retention = retention
        self._erasures: list[Erasure] = []

    def erase_also(self, erasures: Sequence[Erasure]) -> None:
        """The service's retention by category (its `domain/retention.py`), swept each round."""
        self._erasures.extend(erasures)

    async def run(self) -> None:
        while True:
            try:
                await self.sweep()
                await self.erase_expired()
            except Exception:
                log.exception("housekeeping failed; will try again")
            await asyncio.sleep(self._retention.every.total_seconds())

    async def sweep(self) -> tuple[int, int]:
        """Deletes what retention allows; returns (outbox rows, inbox rows) deleted."""
        now = self._clock.now()
        outbox, inbox = self._tables.outbox, self._tables.inbox
        async with self._engine.begin() as connection:
            published = await connection.execute(
                delete(outbox).where(
                    outbox.c.published_at.is_not(None),
                    outbox.c.published_at < now - self._retention.published_outbox,
                )
            )
            handled = await connection.execute(
                delete(inbox).where(inbox.c.received_at < now - self._retention.inbox)
            )
        return published.rowcount, handled.rowcount

    async def erase_expired(self) -> int:
        """Erases every category whose period has run out, all in one transaction: a failure
        leaves nothing half-erased and the next round tries again. Returns the rows erased;
        the log line carries counts only, never what was erased."""
        if not self._erasures:
            return 0
        now = self._clock.now()
        async with self._engine.begin() as connection:
            erased = [await erase(connection, now) for erase in self._erasures]
        if any(erased):
            log.info("retention erased %d rows", sum(erased))
        return sum(erased)
