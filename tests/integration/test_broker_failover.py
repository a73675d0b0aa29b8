"""Reliability scenarios 1 and 2, on the local three-node KRaft cluster (RF=3,
`min.insync.replicas=2`, no unclean leader election), through the production publish path:
business transactions write outbox rows with the real unit of work on PostgreSQL, the real
`OutboxRelay` publishes them with the suite's producer (`create_broker`: acks=all,
idempotence) and marks them sent only once the broker acknowledged them.

1. The leader of a partition is stopped cleanly, later `kill -9`ed, while events are being
   written and relayed; each time it is restarted. Every event the broker acknowledged (and
   every row marked sent) is on the topic: 0 lost.
2. Two of three brokers go down (one cleanly, one `kill -9`): the broker acknowledges nothing
   (NotEnoughReplicas, or no quorum to move leadership), so every row written during the outage
   stays `published_at IS NULL`; once both are back, every row drains: 0 lost.

The producer keeps its defaults: with idempotence aiokafka retries a retriable error
(NotEnoughReplicas, NotLeaderForPartition, a timed-out request) until it succeeds instead of
expiring the batch, so during the outage the relay's `publish_all` waits inside its claiming
transaction and marks nothing, and completes once the cluster is back. Nothing here needed a
shorter `request_timeout_ms`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
import time
from collections import Counter
from uuid import uuid4

import pytest
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import create_topic, eventually_true, partition_states, topic_records
from outbox_harness import AckRecorder, Consumed, Outbox, outbox_on, running_relay

from devtools.kafka import KafkaCluster
from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(300)]

CASES = 12  # keys, spread over the three partitions
TOPIC_CONFIG = {"min.insync.replicas": "2", "unclean.leader.election.enable": "false"}


async def fresh_replicated_topic(admin: KafkaAccess, label: str) -> str:
    """An ad-hoc topic of the test's own: made, written and read as `admin`."""
    topic = f"reliability.{label}.{uuid4().hex[:10]}"
    await create_topic(admin, topic, partitions=3, replication_factor=3, configs=TOPIC_CONFIG)

    async def fully_replicated() -> bool:
        states = await partition_states(admin, topic)
        return len(states) == 3 and all(
            len(state["replicas"]) == 3 and len(state["isr"]) == 3 for state in states.values()
        )

    await eventually_true(fully_replicated, f"{topic} to have 3 in-sync replicas everywhere")
    return topic


class SteadyWriter:
    """Business transactions at a steady pace, two numbered events each, until stopped. The
    writes only need the database, so they go on whatever the brokers do."""

    def __init__(self, outbox: Outbox, *, pause: float = 0.1) -> None:
        self._outbox = outbox
        self._pause = pause
        self._stop = asyncio.Event()
        self._numbers = itertools.count()
        self.written = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="steady-writer")

    async def _run(self) -> None:
        while not self._stop.is_set():
            numbers = [next(self._numbers), next(self._numbers)]
            await self._outbox.write(f"case-{numbers[0] // 2 % CASES}", numbers)
            self.written += len(numbers)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._pause)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


async def all_published(outbox: Outbox, what: str, timeout: float) -> None:
    async def drained() -> bool:
        rows = await outbox.rows()
        return bool(rows) and all(row.published_at is not None for row in rows)

    await eventually_true(drained, what, timeout=timeout)


async def assert_nothing_lost(
    admin: KafkaAccess, outbox: Outbox, recorder: AckRecorder, expected: int
) -> Consumed:
    rows = await outbox.rows()
    assert len(rows) == expected
    assert sorted(row.number for row in rows) == list(range(expected))
    consumed = Consumed(await topic_records(admin, outbox.topic))
    on_topic = set(consumed.ce_ids)
    lost_marked = [row.number for row in rows if row.event_id not in on_topic]
    by_event = {row.event_id: row.number for row in rows}
    lost_acked = sorted(by_event[ce_id] for ce_id in recorder.acked if ce_id not in on_topic)
    assert lost_marked == [], f"{len(lost_marked)} rows marked sent are not on the topic"
    assert lost_acked == [], f"{len(lost_acked)} acknowledged events are not on the topic"
    assert len(on_topic) == expected
    assert on_topic == set(by_event), "the topic holds events no outbox row wrote"
    # The cases' keys spread over every partition, so each leader that failed had traffic.
    assert {record.partition for record in consumed.records} == {0, 1, 2}
    return consumed


async def test_every_acknowledged_event_survives_the_leader_stopping_and_being_killed(
    kafka_cluster: KafkaCluster, cluster_bus: Bus, database_factory: DatabaseFactory
) -> None:
    admin = cluster_bus.admin
    topic = await fresh_replicated_topic(admin, "leader-failover")
    report: list[str] = []
    try:
        async with (
            outbox_on(database_factory("broker_failover_leader"), topic) as outbox,
            running_relay(outbox, admin, name="leader-failover") as recorder,
        ):
            writer = SteadyWriter(outbox)
            writer.start()
            for how in ("stop", "kill"):
                before = recorder.acknowledged
                await eventually_true(
                    lambda before=before: _at_least(recorder, before + 30),
                    "the relay to publish before the failure",
                )
                leader = (await partition_states(admin, topic))[0]["leader"]
                failed_at = time.monotonic()
                acked_at_failure = recorder.acknowledged
                if how == "stop":
                    clean = await kafka_cluster.astop_node(leader)
                    assert clean, f"node {leader} did not shut down within the grace period"
                else:
                    await kafka_cluster.akill_node(leader)
                # Publishing goes on with two of three: the partition gets a new leader from
                # its in-sync replicas and acks=all is satisfied by two.
                await eventually_true(
                    lambda mark=acked_at_failure: _at_least(recorder, mark + 40),
                    f"acknowledgements with node {leader} ({how}) down",
                    timeout=60,
                )
                recovered_after = time.monotonic() - failed_at
                new_leader = (await partition_states(admin, topic))[0]["leader"]
                assert new_leader not in (leader, -1)
                await kafka_cluster.astart_node(leader)
                report.append(
                    f"{how} leader {leader}: publishing again after {recovered_after:.1f}s,"
                    f" new leader {new_leader}"
                )
            await asyncio.sleep(1.0)  # a little traffic with every node back
            await writer.stop()
            await all_published(outbox, "every row to be marked sent", timeout=60)
            consumed = await assert_nothing_lost(admin, outbox, recorder, expected=writer.written)
    finally:
        await kafka_cluster.aup()
    print(
        f"\nscenario 1: {writer.written} events written, {len(set(consumed.ce_ids))} consumed,"
        f" 0 lost, {consumed.duplicates()} duplicate copies; " + "; ".join(report)
    )


@pytest.mark.parametrize("second", ["stop", "kill"])
async def test_two_brokers_down_nothing_is_acknowledged_and_everything_drains_after(
    kafka_cluster: KafkaCluster,
    cluster_bus: Bus,
    database_factory: DatabaseFactory,
    caplog: pytest.LogCaptureFixture,
    second: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="aiokafka")
    admin = cluster_bus.admin
    topic = await fresh_replicated_topic(admin, f"two-down-{second}")
    numbers = itertools.count()
    try:
        async with (
            outbox_on(database_factory(f"broker_failover_two_down_{second}"), topic) as outbox,
            running_relay(outbox, admin, name=f"two-down-{second}") as recorder,
        ):
            for _ in range(20):
                batch = [next(numbers), next(numbers)]
                await outbox.write(f"case-{batch[0] // 2 % CASES}", batch)
            await all_published(outbox, "the rows written before the outage to be sent", 30)
            before_outage = {row.event_id for row in await outbox.rows()}

            # The first goes down cleanly: it leaves the in-sync replicas. The second either
            # stops cleanly too (its partitions move to the last broker, whose in-sync set is
            # then itself alone: NotEnoughReplicas) or is killed, which also takes the
            # controller quorum (2 of 3 voters gone): nothing can shrink the in-sync set any
            # more, and the last broker holds each write waiting for a replica that is gone.
            leader = (await partition_states(admin, topic))[0]["leader"]
            first = next(node.node_id for node in kafka_cluster.nodes if node.node_id != leader)
            assert await kafka_cluster.astop_node(first), f"node {first} did not stop cleanly"
            if second == "stop":
                assert await kafka_cluster.astop_node(leader), f"node {leader} did not stop"
            else:
                await kafka_cluster.akill_node(leader)
            acknowledged_at_outage = recorder.acknowledged
            caplog.clear()

            for _ in range(50):
                batch = [next(numbers), next(numbers)]
                await outbox.write(f"case-{batch[0] // 2 % CASES}", batch)
            # Meanwhile the relay claims them (woken by NOTIFY) and tries to publish.
            await asyncio.sleep(8.0)
            during = [row for row in await outbox.rows() if row.event_id not in before_outage]
            assert len(during) == 100
            unpublished = [row for row in during if row.published_at is None]
            assert recorder.acknowledged == acknowledged_at_outage, "acknowledged in the outage"
            assert len(unpublished) == len(during), "rows marked sent while 2 of 3 were down"
            retried = Counter(
                match.group(1)
                for record in caplog.records
                if (match := re.search(r"Error: <class '[\w.]*?(\w+)'>", record.getMessage()))
            )

            await kafka_cluster.astart_node(first)
            await kafka_cluster.astart_node(leader)
            await all_published(outbox, "every row to drain after recovery", timeout=120)
            expected = next(numbers)
            consumed = await assert_nothing_lost(admin, outbox, recorder, expected)
    finally:
        await kafka_cluster.aup()
    print(
        f"\nscenario 2 ({second}): {len(during)} rows written with node {first} stopped and"
        f" node {leader} {'stopped' if second == 'stop' else 'killed'}: {len(unpublished)} of"
        f" them unpublished during the outage, 0 acknowledged (errors the producer retried:"
        f" {dict(retried) or 'none, the writes were held'}); after recovery"
        f" {len(set(consumed.ce_ids))}/{expected} on the topic, 0 lost,"
        f" {consumed.duplicates()} duplicate copies, {recorder.failures} failed batches"
    )


async def _at_least(recorder: AckRecorder, count: int) -> bool:
    return recorder.acknowledged >= count
