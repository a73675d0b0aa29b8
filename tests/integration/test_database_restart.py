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
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from fixtures.topic_probe import (
    Producer,
    cloud_event_headers,
    end_offsets,
    eventually_true,
    field_key_settings,
    free_port,
    start_group_at,
)
from test_consumer_kill import (
    Adapter,
    adapter_database,
    committed_past,
    handled,
    queued_deliveries,
)

import notification.main
from devtools.postgres import PostgresCluster, acreate_database
from devtools.standins import running_standins
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.migrations import upgrade_to_head

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(300)]

EVENTS = 300
DOWN_SECONDS = 6.0


async def backlog(bootstrap: str) -> dict[str, tuple[int, int]]:
    run = uuid4().hex[:8]
    positions: dict[str, tuple[int, int]] = {}
    async with Producer(bootstrap) as producer:
        for index in range(EVENTS):
            event = referral.ReferralRejected(
                sender_reference=f"DBRESTART-{run}-{index}",
                office="konfliktradet-oslo",
                legal_basis="konfliktrådsloven §11 first para",
                reason="the offender has not consented",
                rejected_at=datetime.now(UTC),
            )
            headers = cloud_event_headers(event.event_type, event.subject())
            sent = await producer.send(
                topics.PROSECUTION, event.model_dump_json().encode(), key=event.subject(),
                headers=headers,
            )  # fmt: skip
            positions[headers["ce_id"]] = (sent.partition, sent.offset)
    return positions


async def test_the_database_restarting_mid_backlog_loses_nothing_and_duplicates_nothing(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    cluster = await asyncio.to_thread(private_cluster)
    try:
        await asyncio.to_thread(cluster.up)
        database_url = await acreate_database(cluster.url, "adapter")
        await asyncio.to_thread(upgrade_to_head, notification.main.MIGRATIONS, database_url)
        await run_scenario(kafka_bootstrap, cluster, database_url, tmp_path)
    finally:
        await asyncio.to_thread(cluster.down)
        await asyncio.to_thread(shutil.rmtree, cluster.directory.parent, ignore_errors=True)


def private_cluster() -> PostgresCluster:
    """A cluster of this test's own on a free port: stopping it disturbs no other test."""
    state = Path(tempfile.mkdtemp(prefix="konfliktrad-dbrestart-"))
    state.chmod(0o755)  # the server runs as `postgres` and must reach it
    return PostgresCluster(state_dir=state, port=free_port())


async def run_scenario(
    bootstrap: str, cluster: PostgresCluster, database_url: str, tmp_path: Path
) -> None:
    group = f"db-restart-{uuid4().hex[:10]}"
    start = await end_offsets(bootstrap, [topics.PROSECUTION])
    await start_group_at(bootstrap, group, start)
    positions = await backlog(bootstrap)
    ours = set(positions)
    inbox_port, keys = free_port(), field_key_settings()
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PROSECUTION_ADAPTER_DATABASE_URL": database_url,
        "PROSECUTION_ADAPTER_CONSUMER_GROUP": group,
        "PROSECUTION_ADAPTER_HTTP_PORT": str(free_port()),
        "PROSECUTION_ADAPTER_AGENCY_ENDPOINT": f"http://127.0.0.1:{inbox_port}/inbox",
        "PROSECUTION_ADAPTER_AUTH_JWKS_FILE": str(ensure_dev_keypair(tmp_path / "keys").jwks),
        "PROSECUTION_ADAPTER_FIELD_KEYS": keys["field_keys"],
        "PROSECUTION_ADAPTER_BLIND_INDEX_KEY": keys["blind_index_key"],
        "PROSECUTION_ADAPTER_OUTBOX_POLL_SECONDS": "0.2",
    }
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
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
            past_while_down = await committed_past(bootstrap, group, positions)
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
                return await committed_past(bootstrap, group, positions) == ours

            await eventually_true(committed_all, "the group to commit past every event", 60)
        finally:
            await adapter.stop()
