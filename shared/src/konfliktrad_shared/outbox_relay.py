"""Publishes committed outbox rows to Kafka, then marks them sent.

Guarantees:
- At least once: a row is marked sent only after the broker acknowledged it (acks=all). A crash in
  between republishes it with the same `ce_id`, which consumers' inboxes absorb.
- No row is missed: rows are found by `published_at IS NULL`, never by a "highest id seen" cursor,
  so a row whose transaction commits after a higher id's is still picked up.
- Per-key order: a row is claimed only when no earlier row for its key is unpublished, so two
  relays (claiming with FOR UPDATE SKIP LOCKED) never reorder one case's events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Row, Select, Table, and_, exists, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import Clock
from konfliktrad_shared.outbox import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    topic: str
    key: str
    payload: bytes
    headers: dict[str, str]


class Publisher(Protocol):
    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        """Publish every message and return only once the broker acknowledged all of them."""


class OutboxRelay:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        outbox: Table,
        publisher: Publisher,
        clock: Clock,
        poll_seconds: float = 1.0,
        batch_size: int = 200,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._publisher = publisher
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called when a transaction with outbox rows committed in this process."""
        self._wake.set()

    async def run(self) -> None:
        listener = asyncio.create_task(self._listen_for_commits())
        try:
            while True:
                try:
                    published = await self.publish_pending()
                except Exception:
                    log.exception("outbox relay: publishing failed; rows stay pending for retry")
                    published = 0
                    await asyncio.sleep(self._poll_seconds)
                if published:
                    # A row waits for the earlier unpublished rows of its key, so a batch can
                    # hold only the first pending row of each key; the ones behind it became
                    # claimable with this commit and must not wait for the next poll.
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
                self._wake.clear()
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def publish_pending(self) -> int:
        """Claim one batch, publish it, mark it sent; all in one transaction. Returns the count."""
        async with self._engine.begin() as connection:
            rows = (await connection.execute(self._claim_batch())).all()
            if not rows:
                return 0
            await self._publisher.publish_all([_message(row) for row in rows])
            await connection.execute(
                update(self._outbox)
                .where(self._outbox.c.id.in_([row.id for row in rows]))
                .values(published_at=self._clock.now())
            )
        return len(rows)

    def _claim_batch(self) -> Select[Any]:
        outbox = self._outbox
        earlier = outbox.alias("earlier")
        earlier_unpublished_same_key = exists().where(
            and_(
                earlier.c.message_key == outbox.c.message_key,
                earlier.c.id < outbox.c.id,
                earlier.c.published_at.is_(None),
            )
        )
        return (
            select(
                outbox.c.id,
                outbox.c.topic,
                outbox.c.message_key,
                outbox.c.payload,
                outbox.c.headers,
            )
            .where(outbox.c.published_at.is_(None), ~earlier_unpublished_same_key)
            .order_by(outbox.c.id)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
        )

    async def _listen_for_commits(self) -> None:
        """On PostgreSQL, wake on NOTIFY so rows committed by other instances go out promptly."""
        url = make_url(str(self._engine.url.render_as_string(hide_password=False)))
        if url.get_backend_name() != "postgresql":
            return
        import asyncpg  # only needed on PostgreSQL

        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                connection = await asyncpg.connect(dsn)
                try:
                    lost = asyncio.Event()
                    connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                    await connection.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
                    await lost.wait()
                finally:
                    await connection.close()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("outbox relay: LISTEN connection lost; falling back to polling")
                await asyncio.sleep(self._poll_seconds)


def _message(row: Row[Any]) -> OutboxMessage:
    return OutboxMessage(
        topic=row.topic,
        key=row.message_key,
        payload=row.payload.encode("utf-8"),
        headers=dict(row.headers),
    )
