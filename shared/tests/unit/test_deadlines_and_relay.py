"""The durable deadline ticker and the outbox relay's claim, on a real SQLite database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.db import (
    PlumbingTables,
)
from konfliktrad_shared.deadlines import DeadlineTicker, DueDeadline, schedule
from konfliktrad_shared.housekeeping import Housekeeper, Retention
from konfliktrad_shared.outbox_relay import OutboxMessage, OutboxRelay

START = datetime(2026, 11, 20, 9, tzinfo=UTC)


async def test_a_deadline_fires_once_when_the_clock_reaches_it(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    clock = FrozenClock(START)
    fired: list[DueDeadline] = []

    async def fire(deadline: DueDeadline) -> None:
        fired.append(deadline)

    async with engine.begin() as connection:
        from sqlalchemy.ext.asyncio import AsyncSession

        async with AsyncSession(bind=connection) as session:
            await schedule(
                session,
                tables.deadlines,
                kind="withdrawal_period_ends",
                aggregate_id="case-1",
                due_at=START + timedelta(weeks=2),
            )
            await session.flush()
    ticker = DeadlineTicker(engine=engine, deadlines=tables.deadlines, clock=clock, fire=fire)

    assert await ticker.fire_due() == 0
    clock.advance(timedelta(weeks=2))
    assert await ticker.fire_due() == 1
    assert await ticker.fire_due() == 0
    assert [(d.kind, d.aggregate_id) for d in fired] == [("withdrawal_period_ends", "case-1")]


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[OutboxMessage] = []

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        self.published.extend(messages)


def row(event_id: str, key: str, published: datetime | None = None) -> dict[str, object]:
    return {
        "event_id": event_id,
        "topic": "t",
        "message_key": key,
        "event_type": "x",
        "payload": "{}",
        "headers": {"ce_id": event_id},
        "created_at": START,
        "published_at": published,
    }


async def test_relay_publishes_every_pending_row_by_its_state_not_a_cursor(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    publisher = RecordingPublisher()
    relay = OutboxRelay(
        engine=engine, outbox=tables.outbox, publisher=publisher, clock=FrozenClock(START)
    )
    async with engine.begin() as connection:
        await connection.execute(insert(tables.outbox), [row("a", "k1"), row("b", "k2")])
    assert await relay.publish_pending() == 2
    # A row with a lower id than some published ones, committed late, is still found.
    async with engine.begin() as connection:
        await connection.execute(insert(tables.outbox), [{**row("late", "k3"), "id": 0}])
    assert await relay.publish_pending() == 1
    assert [m.headers["ce_id"] for m in publisher.published] == ["a", "b", "late"]
    async with engine.connect() as connection:
        pending = await connection.execute(
            select(tables.outbox.c.event_id).where(tables.outbox.c.published_at.is_(None))
        )
        assert pending.all() == []


async def test_housekeeping_drops_old_published_rows_and_old_inbox_rows_only(
    database: tuple[AsyncEngine, PlumbingTables],
) -> None:
    engine, tables = database
    clock = FrozenClock(START + timedelta(days=40))
    async with engine.begin() as connection:
        await connection.execute(
            insert(tables.outbox),
            [
                row("old-published", "k", published=START),
                row("old-pending", "k"),
                row("recent-published", "k", published=clock.now() - timedelta(days=1)),
            ],
        )
        await connection.execute(
            insert(tables.inbox),
            [
                {"consumer": "c", "event_id": "old", "received_at": START},
                {"consumer": "c", "event_id": "recent", "received_at": clock.now()},
            ],
        )
    housekeeper = Housekeeper(engine=engine, tables=tables, clock=clock, retention=Retention())

    assert await housekeeper.sweep() == (1, 1)
    async with engine.connect() as connection:
        outbox_left = (await connection.execute(select(tables.outbox.c.event_id))).scalars().all()
        inbox_left = (await connection.execute(select(tables.inbox.c.event_id))).scalars().all()
    assert sorted(outbox_left) == ["old-pending", "recent-published"]
    assert inbox_left == ["recent"]
