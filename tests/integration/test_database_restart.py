"""Reliability scenario 7: the database restarts while a consumer works through a backlog.

The consumer is the prosecution adapter as its own OS process (consumer_kill_child.py), on a
PostgreSQL cluster of this test's own, so stopping it disturbs nobody else. Mid-backlog the
cluster is stopped (fast shutdown: open transactions are cut off, commits fail), kept down for
a while and started again. While it is down no offset may be committed past an event whose
transaction is not in the database; afterwards every event is handled exactly once and the
adapter process has stayed up throughout: 0 lost, 0 duplicates, no restart needed.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
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
from fixtures.topic_probe import (
    end_offsets,
    eventually_true,
    free_port,
    start_group_at,
)

import notification.bootstrap
from devtools.postgres import PostgresCluster, acreate_database
from devtools.standins import running_standins
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.migrations import upgrade_to_head

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(300)]

# Small batches and a backlog that outlasts the stop: with batches of 200 the adapter had
# handled all of 300 events before the database went down.
EVENTS = 1200
BATCH = 8
DOWN_SECONDS = 6.0


async def test_the_database_restarting_mid_backlog_loses_nothing_and_duplicates_nothing(
    bus: Bus, tmp_path: Path
) -> None:
    cluster = await asyncio.to_thread(private_cluster)
    try:
        await asyncio.to_thread(cluster.up)
        database_url = await acreate_database(cluster.url, "adapter")
        await asyncio.to_thread(upgrade_to_head, notification.bootstrap.MIGRATIONS, database_url)
        await run_scenario(bus, cluster, database_url, tmp_path)
    finally:
        await asyncio.to_thread(cluster.down)
        await asyncio.to_thread(shutil.rmtree, cluster.directory.parent, ignore_errors=True)


def private_cluster() -> PostgresCluster:
    """A cluster of this test's own on a free port: stopping it disturbs no other test."""
    state = Path(tempfile.mkdtemp(prefix="konfliktrad-dbrestart-"))
    state.chmod(0o755)  # the server runs as `postgres` and must reach it
    return PostgresCluster(state_dir=state, port=free_port())


async def run_scenario(
    bus: Bus, cluster: PostgresCluster, database_url: str, tmp_path: Path
) -> None:
    group = adapter_group("db-restart")
    start = await end_offsets(bus.operator, [topics.PROSECUTION])
    await start_group_at(bus.service(CONSUMER), group, start)
    positions = await rejections_backlog(bus, EVENTS, "DBRESTART")
    ours = set(positions)
    inbox_port = free_port()
    env = adapter_env(
        bus, database_url, group, inbox_port, tmp_path / "keys", batch_max_records=BATCH
    )
    adapter = Adapter(env, tmp_path / "prosecution_adapter.log")
    async with (
        running_standins(
            smtp_port=free_port(), prosecution_port=inbox_port, correctional_port=free_port()
        ),
        adapter_database(database_url) as engine,
    ):
        await adapter.start()
        try:

            async def under_way() -> bool:
                return len(await handled(engine, ours)) >= 40

            await eventually_true(under_way, "the adapter to work on the backlog", 90)
            await asyncio.to_thread(cluster.stop)
            await asyncio.sleep(DOWN_SECONDS)
            past_while_down = await committed_past(bus, group, positions)
            await asyncio.to_thread(cluster.up)
            await engine.dispose()  # the pool's connections died with the server

            in_database = await handled(engine, ours)
            assert past_while_down <= in_database, "an offset was committed without its commit"
            assert len(in_database) < EVENTS, "the outage came after the backlog was done"

            async def all_handled() -> bool:
                return await handled(engine, ours) == ours

            await eventually_true(all_handled, "every event after the restart", 120)
            assert adapter.process is not None and adapter.process.returncode is None, (
                "the adapter died with the database: " + adapter.log_tail()
            )
            queued = await queued_deliveries(engine, ours)
            assert set(queued) == ours and set(queued.values()) == {1}, "each queued once"

            async def committed_all() -> bool:
                return await committed_past(bus, group, positions) == ours

            await eventually_true(committed_all, "the group to commit past every event", 60)
        finally:
            await adapter.stop()
