"""A decision's several events of one case go out in one relay batch, in waves that keep the
case's order; a row whose earlier row of its key is not in the batch is held back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.db import (
    PlumbingTables,
)
from konfliktrad_shared.outbox_relay import Failure, OutboxMessage, OutboxRelay, Outcome
from konfliktrad_shared.relay_waves import sendable, waves

START = datetime(2026, 11, 20, 9, tzinfo=UTC)


class WavesSeen:
    """Acknowledges all but `refused`; remembers each call's messages."""

    def __init__(self, refused: frozenset[str] = frozenset()) -> None:
        self.calls: list[list[str]] = []
        self.refused = refused

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        raise AssertionError("the relay asks for outcomes per row")

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        self.calls.append([m.headers["ce_id"] for m in messages])
        return [
            Failure("refused") if m.headers["ce_id"] in self.refused else None for m in messages
        ]


async def write(engine: AsyncEngine, tables: PlumbingTables, ids: Sequence[str]) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            insert(tables.outbox),
            [
                {
                    "event_id": event_id,
                    "topic": f"topic-{n % 2}",  # one case's events on two topics
                    "message_key": event_id.split("-")[0],
                    "event_type": "x",
                    "payload": "{}",
                    "headers": {"ce_id": event_id},
                    "created_at": START,
                }
                for n, event_id in enumerate(ids)
            ],
        )


async def test_a_cases_several_rows_go_in_one_batch_each_after_the_one_before(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    publisher = WavesSeen()
    relay = OutboxRelay(
        engine=engine, outbox=tables.outbox, publisher=publisher, clock=FrozenClock(START)
    )
    await write(engine, tables, ["a-0", "b-0", "a-1", "a-2", "b-1"])
    assert await relay.publish_pending() == 5
    assert publisher.calls == [["a-0", "b-0"], ["a-1", "b-1"], ["a-2"]]
    assert await relay.publish_pending() == 0


async def test_a_failed_row_stops_its_case_in_the_batch_and_holds_it_after(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    publisher = WavesSeen(refused=frozenset({"a-1"}))
    relay = OutboxRelay(
        engine=engine, outbox=tables.outbox, publisher=publisher, clock=FrozenClock(START)
    )
    await write(engine, tables, ["a-0", "a-1", "a-2", "b-0", "b-1"])
    assert await relay.publish_pending() == 3
    assert publisher.calls == [["a-0", "b-0"], ["a-1", "b-1"]]
    assert await relay.publish_pending() == 0, "a-2 waits for a-1's backoff"


def _row(row_id: int, key: str, earlier_unsent: int) -> Any:
    return SimpleNamespace(id=row_id, message_key=key, earlier_unsent=earlier_unsent)


def test_a_row_whose_earlier_row_another_relay_holds_does_not_go() -> None:
    rows = [
        # a's first unsent row is locked by another relay: the claim skipped it.
        _row(2, "a", 1),
        _row(3, "a", 2),
        _row(4, "b", 0),
        _row(5, "b", 1),
        _row(7, "b", 2),
    ]
    assert [row.id for row in sendable(rows)] == [4, 5, 7]
    assert [[row.id for row in wave] for wave in waves(sendable(rows))] == [[4], [5], [7]]


class AskingAnotherRelay:
    """While it sends, another relay on the same outbox tries to claim the same rows."""

    def __init__(self) -> None:
        self.other: OutboxRelay | None = None
        self.claimed_meanwhile: list[int] = []
        self.sent: list[str] = []

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        raise AssertionError("the relay asks for outcomes per row")

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        if self.other is not None:
            self.claimed_meanwhile.append(await self.other.publish_pending())
        self.sent.extend(m.headers["ce_id"] for m in messages)
        return [None] * len(messages)


async def test_rows_leased_for_sending_are_not_claimed_by_another_relay_meanwhile(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    clock = FrozenClock(START)
    sending, other = AskingAnotherRelay(), AskingAnotherRelay()
    relay = OutboxRelay(
        engine=engine, outbox=tables.outbox, publisher=sending, clock=clock, lease_seconds=60
    )
    sending.other = OutboxRelay(
        engine=engine, outbox=tables.outbox, publisher=other, clock=clock, lease_seconds=60
    )
    await write(engine, tables, ["a-0", "b-0", "a-1"])
    assert await relay.publish_pending() == 2
    assert sending.claimed_meanwhile == [0] and other.sent == []
    assert await relay.publish_pending() == 1
    assert sending.sent == ["a-0", "b-0", "a-1"]
