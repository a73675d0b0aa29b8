"""The outbox relay's per-row outcomes on a real SQLite database: a refused row is retried,
then parked; its key's later rows wait; every other key goes on; released, it goes in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.db import (
    PlumbingTables,
)
from konfliktrad_shared.outbox_relay import Failure, OutboxMessage, OutboxRelay, Outcome
from konfliktrad_shared.outbox_status import outbox_status, release_parked

START = datetime(2026, 11, 20, 9, tzinfo=UTC)


class RefusingPublisher:
    """Acknowledges every message but those whose `ce_id` is in `refused`."""

    def __init__(self, refused: set[str], failure: Failure) -> None:
        self.refused = refused
        self.failure = failure
        self.sent: list[str] = []
        self.tried: list[str] = []

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        raise AssertionError("the relay asks for outcomes per row")

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for message in messages:
            event_id = message.headers["ce_id"]
            self.tried.append(event_id)
            if event_id in self.refused:
                outcomes.append(self.failure)
            else:
                self.sent.append(event_id)
                outcomes.append(None)
        return outcomes


def rows(keys: int, per_key: int) -> list[dict[str, object]]:
    return [
        {
            "event_id": f"k{key}-{n}",
            "topic": "t",
            "message_key": f"k{key}",
            "event_type": "x",
            "payload": "{}",
            "headers": {"ce_id": f"k{key}-{n}"},
            "created_at": START,
        }
        for n in range(per_key)
        for key in range(keys)
    ]


async def drain(relay: OutboxRelay) -> None:
    while await relay.publish_pending():
        pass


async def test_a_refused_row_is_parked_after_the_bound_and_holds_only_its_own_key(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    clock = FrozenClock(START)
    publisher = RefusingPublisher({"k1-1"}, Failure("MessageSizeTooLargeError (code 10)"))
    relay = OutboxRelay(
        engine=engine,
        outbox=tables.outbox,
        publisher=publisher,
        clock=clock,
        max_attempts=3,
        first_backoff_seconds=1.0,
        max_backoff_seconds=4.0,
    )
    async with engine.begin() as connection:
        await connection.execute(insert(tables.outbox), rows(keys=3, per_key=4))

    for _ in range(3):
        await drain(relay)
        clock.advance(timedelta(seconds=5))
    await drain(relay)

    assert publisher.tried.count("k1-1") == 3, "tried up to the bound, then left alone"
    assert sorted(publisher.sent) == sorted(
        [f"k{key}-{n}" for key in (0, 2) for n in range(4)] + ["k1-0"]
    )
    assert len(publisher.sent) == len(set(publisher.sent)), "nothing acknowledged is re-sent"
    status = await outbox_status(engine, tables, now=clock.now())
    assert status.backlog == 3
    assert [(row.event_id, row.attempts) for row in status.parked] == [("k1-1", 3)]
    assert status.parked[0].last_error == "MessageSizeTooLargeError (code 10)"

    publisher.refused.clear()
    assert await release_parked(engine, tables, status.parked[0].id)
    await drain(relay)
    assert [e for e in publisher.sent if e.startswith("k1-")] == ["k1-0", "k1-1", "k1-2", "k1-3"]
    assert (await outbox_status(engine, tables, now=clock.now())).backlog == 0


async def test_an_outage_backs_off_for_as_long_as_it_takes_and_is_never_parked(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    clock = FrozenClock(START)
    outage = Failure("ConnectError", counts_toward_bound=False, retry_in_seconds=60.0)
    publisher = RefusingPublisher({"k0-0"}, outage)
    relay = OutboxRelay(
        engine=engine,
        outbox=tables.outbox,
        publisher=publisher,
        clock=clock,
        max_attempts=2,
        lease_seconds=30.0,
    )
    async with engine.begin() as connection:
        await connection.execute(insert(tables.outbox), rows(keys=1, per_key=2))
    for _ in range(10):
        await drain(relay)
        clock.advance(timedelta(seconds=30))
        await drain(relay)  # still backing off: not tried again
        clock.advance(timedelta(seconds=30))
    assert publisher.tried == ["k0-0"] * 10
    async with engine.connect() as connection:
        state = (
            await connection.execute(
                select(tables.outbox.c.attempts, tables.outbox.c.parked_at).where(
                    tables.outbox.c.event_id == "k0-0"
                )
            )
        ).one()
    assert (state.attempts, state.parked_at) == (10, None)
    publisher.refused.clear()
    await drain(relay)
    assert publisher.sent == ["k0-0", "k0-1"]
