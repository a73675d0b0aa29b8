"""Reliability scenario 6: the consumer group grows from one instance to three and shrinks
back to one while it works through a backlog — 0 lost, 0 duplicate side effects.

Each instance is the prosecution adapter as its own OS process (consumer_kill_child.py) in
the same consumer group, sharing one PostgreSQL database, as an operator would scale it. Every
join and every leave is a rebalance; partitions move between instances mid-backlog, so a
partition's new owner may be given events its previous owner handled but had not committed.
The inbox absorbs those: at the end every event was queued for delivery exactly once and the
group has committed past all of them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from adapter_process import (
    CONSUMER,
    Adapter,
    adapter_database,
    adapter_env,
    adapter_group,
    committed_past,
    handled,
    queued_deliveries,
    rejections_backlog,
)
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    end_offsets,
    eventually_true,
    free_port,
    start_group_at,
)

import notification.bootstrap
from devtools.standins import running_standins
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.migrations import upgrade_to_head

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(300)]

# Small batches and a backlog that outlasts two instances' start: with batches of 200 the
# first instance drained 300 events before the others had joined, and nothing was scaled.
BATCH = 8
BACKLOG = 1200


async def test_scaling_one_to_three_to_one_under_load_loses_and_duplicates_nothing(
    bus: Bus, database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    group = adapter_group("rebalance")
    await start_group_at(
        bus.service(CONSUMER), group, await end_offsets(bus.operator, [topics.PROSECUTION])
    )
    positions = await rejections_backlog(bus, BACKLOG, "REBALANCE")
    ours = set(positions)
    database_url = database_factory("rebalance_prosecution_adapter")
    await asyncio.to_thread(upgrade_to_head, notification.bootstrap.MIGRATIONS, database_url)
    inbox_port = free_port()

    def instance(number: int) -> Adapter:
        env = adapter_env(
            bus, database_url, group, inbox_port, tmp_path / "keys", batch_max_records=BATCH
        )
        return Adapter(env, tmp_path / f"prosecution_adapter_{number}.log")

    first, second, third = instance(1), instance(2), instance(3)
    async with (
        running_standins(
            smtp_port=free_port(), prosecution_port=inbox_port, correctional_port=free_port()
        ),
        adapter_database(database_url) as engine,
    ):

        async def handled_at_least(count: int) -> None:
            async def enough() -> bool:
                return len(await handled(engine, ours)) >= count

            await eventually_true(enough, f"{count} events handled", 120)

        try:
            await first.start()
            await handled_at_least(30)
            await asyncio.gather(second.start(), third.start())  # 1 → 3
            await handled_at_least(120)
            assert len(await handled(engine, ours)) < len(ours), "scaled after the backlog"
            await asyncio.gather(second.stop(), third.stop())  # 3 → 1

            async def all_handled() -> bool:
                return await handled(engine, ours) == ours

            await eventually_true(all_handled, "every event after scaling back", 120)
            queued = await queued_deliveries(engine, ours)
            assert set(queued) == ours and set(queued.values()) == {1}, "each queued once"

            async def committed_all() -> bool:
                return await committed_past(bus, group, positions) == ours

            await eventually_true(committed_all, "the group to commit past every event", 60)
        finally:
            await asyncio.gather(first.stop(), second.stop(), third.stop())
