"""Publishes committed outbox rows to Kafka, then marks them sent.

Guarantees:
- At least once: a row is marked sent only after the broker acknowledged it (acks=all). A crash in
  between republishes it with the same `ce_id`, which consumers' inboxes absorb.
- No row is missed: rows are found by `published_at IS NULL`, never by a "highest id seen" cursor,
  so a row whose transaction commits after a higher id's is still picked up.
- Per-key order: a row goes only after every earlier row of its key was acknowledged, so two
  relays (claiming with FOR UPDATE SKIP LOCKED) never reorder one case's events. A batch takes
  each key's run of due rows (`relay_waves`: the run stops at a row another relay holds) and
  publishes them in waves, the n-th row of each key once its (n-1)-th was acknowledged; a
  decision that wrote several events of one case then goes out in one batch, not one batch
  (a claim, a publish and a commit) for each.
- Outcomes per row: a publisher that can (`publish_each`) says which rows went and which did
  not. Rows acknowledged are marked sent whatever happened to their neighbours; a failed row
  records its attempt and error and waits out a backoff (`next_attempt_at`), and after
  `max_attempts` failures that count it is parked (`parked_at`) until an operator releases it.
  A key whose earliest unsent row is parked or backing off holds its later rows; every other
  key goes on, and the claim passes the held row over, so it cannot starve the batch.
- With `lease_seconds` (publishers that call slow far ends, such as an agency's inbox over
  HTTP) no transaction is held while sending: the claim leases the rows for that long in a
  short transaction of its own, and the outcomes are recorded in another. A relay that dies
  in between leaves its rows to be claimed again once the lease ran out. Such a batch takes
  each key's first due row only: the publisher's sending budget is per batch (one call).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Table,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.dml import ReturningUpdate

from konfliktrad_shared.clock import Clock
from konfliktrad_shared.outbox import NOTIFY_CHANNEL
from konfliktrad_shared.relay_waves import sendable, waves

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    topic: str
    key: str
    payload: bytes
    headers: dict[str, str]
    # Failed attempts so far: a channel with a backoff of its own computes it from this.
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one row did not go. `error` is an error class and the far side's code or message,
    never the row's content (it is shown to operators and may end up in logs)."""

    error: str
    # A refusal no retry can change: the row is parked at once.
    permanent: bool = False
    # False for an outage (the broker or an agency unreachable): retried for as long as it
    # takes, never parked for it.
    counts_toward_bound: bool = True
    # The channel's own backoff; None: the relay's.
    retry_in_seconds: float | None = None


Outcome = Failure | None  # None: acknowledged


class NotTried:
    """A row behind its key's row that failed in the same batch: not sent, nothing counted."""


NOT_TRIED = NotTried()


class Publisher(Protocol):
    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        """Publish every message and return only once the broker acknowledged all of them."""


class PerRowPublisher(Publisher, Protocol):
    async def publish_each(self, messages: Sequence[OutboxMessage]) -> Sequence[Outcome]:
        """Try every message; one outcome per message, in their order."""


async def publish_each(publisher: Publisher, messages: Sequence[OutboxMessage]) -> list[Outcome]:
    """Per-row outcomes from any publisher: one without `publish_each` succeeds or fails whole."""
    each = getattr(publisher, "publish_each", None)
    if each is not None:
        outcomes: Sequence[Outcome] = await each(messages)
        return list(outcomes)
    try:
        await publisher.publish_all(messages)
    except Exception as error:
        log.warning("outbox relay: a batch of %d failed: %s", len(messages), type(error).__name__)
        return [Failure(type(error).__name__)] * len(messages)
    return [None] * len(messages)


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
        max_attempts: int = 10,
        first_backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 300.0,
        lease_seconds: float | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._publisher = publisher
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._first_backoff = first_backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._lease = lease_seconds
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
                    # More may be waiting: rows past the batch's bound, and with a lease each
                    # key's rows behind its first, claimable since this commit; they must not
                    # wait for the next poll.
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
                self._wake.clear()
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def publish_pending(self) -> int:
        """Claim one batch, publish it, record each row's outcome. Returns how many went."""
        if self._lease is None:
            # The claim's row locks are held while publishing: a second relay skips the rows.
            async with self._engine.begin() as connection:
                rows = sendable((await connection.execute(self._claim_batch())).all())
                if not rows:
                    return 0
                return await self._record(connection, rows, await self._publish_in_waves(rows))
        async with self._engine.begin() as connection:
            # Claimed and leased in one statement: each round trip to the database is one
            # more wait before the first delivery.
            rows = sorted((await connection.execute(self._lease_batch())).all(), key=_by_id)
            if not rows:
                return 0
        outcomes = await self._publish_in_waves(rows)
        async with self._engine.begin() as connection:
            return await self._record(connection, rows, outcomes)

    async def _publish_in_waves(self, rows: Sequence[Row[Any]]) -> list[Outcome | NotTried]:
        """Each row's outcome, in the rows' order; a key stops at its first failure."""
        outcomes: dict[int, Outcome | NotTried] = {}
        failed: set[str] = set()
        for wave in waves(rows):
            going = [row for row in wave if row.message_key not in failed]
            outcomes.update((row.id, NOT_TRIED) for row in wave if row.message_key in failed)
            if not going:
                continue
            answers = await publish_each(self._publisher, [_message(row) for row in going])
            if len(answers) != len(going):
                raise RuntimeError(f"{len(answers)} outcomes for {len(going)} rows")
            for row, answer in zip(going, answers, strict=True):
                outcomes[row.id] = answer
                if answer is not None:
                    failed.add(row.message_key)
        return [outcomes[row.id] for row in rows]

    def backoff_seconds(self, failed_attempts: int) -> float:
        exponent = min(max(failed_attempts - 1, 0), 30)
        return float(min(self._max_backoff, self._first_backoff * 2**exponent))

    async def _record(
        self,
        connection: AsyncConnection,
        rows: Sequence[Row[Any]],
        outcomes: Sequence[Outcome | NotTried],
    ) -> int:
        if len(outcomes) != len(rows):
            raise RuntimeError(f"{len(outcomes)} outcomes for {len(rows)} rows")
        outbox = self._outbox
        now = self._clock.now()
        sent = [row.id for row, outcome in zip(rows, outcomes, strict=True) if outcome is None]
        if sent:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(sent))
                .values(published_at=now, next_attempt_at=None)
            )
        not_tried = [row.id for row, done in zip(rows, outcomes, strict=True) if done is NOT_TRIED]
        if not_tried and self._lease is not None:
            # Their lease is let go; the failed row before them holds them until it goes.
            await connection.execute(
                update(outbox).where(outbox.c.id.in_(not_tried)).values(next_attempt_at=None)
            )
        for row, outcome in zip(rows, outcomes, strict=True):
            if isinstance(outcome, Failure):
                failed = self._failed(row, outcome, now)
                await connection.execute(update(outbox).where(outbox.c.id == row.id).values(failed))
        return len(sent)

    def _failed(self, row: Row[Any], failure: Failure, now: datetime) -> dict[str, Any]:
        attempts = int(row.attempts) + 1
        parked = failure.permanent or (
            failure.counts_toward_bound and attempts >= self._max_attempts
        )
        if parked:
            # Positions and the error only: the row's content may be personal data.
            log.error("outbox row %s (%s) parked: %s", row.id, row.topic, failure.error)
            return {
                "attempts": attempts,
                "last_error": failure.error[:1000],
                "parked_at": now,
                "next_attempt_at": None,
            }
        wait = failure.retry_in_seconds
        if wait is None:
            wait = self.backoff_seconds(attempts)
        log.warning(
            "outbox row %s (%s) failed, attempt %d, again in %.1fs: %s",
            row.id,
            row.topic,
            attempts,
            wait,
            failure.error,
        )
        return {
            "attempts": attempts,
            "last_error": failure.error[:1000],
            "next_attempt_at": now + timedelta(seconds=wait),
        }

    def _lease_batch(self) -> ReturningUpdate[Any]:
        """The claim's rows, leased; a key's first due row only (see the module's notes)."""
        assert self._lease is not None
        outbox = self._outbox
        claimable = outbox.alias("claimable")
        # A CTE, materialized: the claim runs once (a subquery with LIMIT and SKIP LOCKED may
        # be run again for each row it is compared with, and lock more rows than it returns).
        claimed = (
            self._claim_batch(claimable)
            .with_only_columns(claimable.c.id)
            .cte("claimed")
            .prefix_with("MATERIALIZED")
        )
        return (
            update(outbox)
            .where(outbox.c.id.in_(select(claimed.c.id)))
            .values(next_attempt_at=self._clock.now() + timedelta(seconds=self._lease))
            .returning(*_sent_columns(outbox))
        )

    def _claim_batch(self, outbox: FromClause | None = None) -> Select[Any]:
        outbox = self._outbox if outbox is None else outbox
        earlier = outbox.alias("earlier")
        now = self._clock.now()
        same_key_before = and_(
            earlier.c.message_key == outbox.c.message_key,
            earlier.c.id < outbox.c.id,
            earlier.c.published_at.is_(None),
        )
        due = and_(
            outbox.c.parked_at.is_(None),
            or_(outbox.c.next_attempt_at.is_(None), outbox.c.next_attempt_at <= now),
        )
        earlier_unsent: ColumnElement[int]
        if self._lease is None:
            # A parked or backing-off row is unpublished too: it holds its key's later rows,
            # which are passed over here so they cannot fill the batch.
            held = exists().where(
                and_(
                    same_key_before,
                    or_(earlier.c.parked_at.is_not(None), earlier.c.next_attempt_at > now),
                )
            )
            earlier_unsent = (
                select(func.count()).select_from(earlier).where(same_key_before).scalar_subquery()
            )
        else:
            held = exists().where(same_key_before)
            earlier_unsent = literal(0)
        return (
            select(*_sent_columns(outbox), earlier_unsent.label("earlier_unsent"))
            .where(outbox.c.published_at.is_(None), due, ~held)
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


def _sent_columns(outbox: FromClause) -> tuple[ColumnElement[Any], ...]:
    """What the relay reads of a row it sends."""
    c = outbox.c
    return (c.id, c.topic, c.message_key, c.payload, c.headers, c.attempts)


def _by_id(row: Row[Any]) -> int:
    return int(row.id)


def _message(row: Row[Any]) -> OutboxMessage:
    return OutboxMessage(
        topic=row.topic,
        key=row.message_key,
        payload=row.payload.encode("utf-8"),
        headers=dict(row.headers),
        attempts=int(row.attempts),
    )
