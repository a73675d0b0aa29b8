"""Kafka helpers for integration tests that watch real topics: where a topic ends now, what
arrived since, CloudEvents messages put on it by hand, and consumer groups that start at a
recorded position instead of replaying the topic's whole history."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypedDict
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from aiokafka.structs import RecordMetadata

from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.envelope import Envelope, decode_headers
from konfliktrad_shared.topics_admin import ensure_topics

Offsets = dict[TopicPartition, int]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FieldKeys(TypedDict):
    field_keys: str
    blind_index_key: str


def field_key_settings() -> FieldKeys:
    """Fresh field-encryption and blind-index keys: services on PostgreSQL must be given them."""
    return {"field_keys": f"k1:{generate_key()}", "blind_index_key": generate_key()}


def cloud_event_headers(
    ce_type: str, subject: str, *, ce_id: str | None = None, source: str = "urn:test:dlq"
) -> dict[str, str]:
    envelope = Envelope(
        id=ce_id or str(uuid4()),
        type=ce_type,
        source=source,
        time=datetime.now(UTC),
        subject=subject,
    )
    return envelope.headers()


def headers_of(record: Any) -> dict[str, str]:
    return decode_headers(list(record.headers or ()))


async def end_offsets(bootstrap: str, topics: Iterable[str]) -> Offsets:
    """Where each partition of `topics` ends now (the topics are created if missing)."""
    names = sorted(set(topics))
    await ensure_topics(bootstrap, names)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        ends: Offsets = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    return dict(ends)


async def create_topic(
    bootstrap: str,
    topic: str,
    *,
    partitions: int = 3,
    replication_factor: int = 3,
    configs: Mapping[str, str] | None = None,
) -> None:
    """A new topic laid out as asked (no `.dlq` companion, unlike `ensure_topics`)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics(
            [NewTopic(topic, partitions, replication_factor, topic_configs=dict(configs or {}))]
        )
    finally:
        await admin.close()


class PartitionState(TypedDict):
    leader: int
    replicas: list[int]
    isr: list[int]


async def partition_states(
    bootstrap: str, topic: str, retry_for: float = 30.0
) -> dict[int, PartitionState]:
    """Leader, replicas and in-sync replicas of each partition, as the cluster reports them.

    Right after a broker is killed the cluster's metadata still lists it for several seconds,
    and the admin client may pick it to ask: such a refusal is retried, not reported.
    """
    deadline = time.monotonic() + retry_for
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            await admin.start()
            (described,) = await admin.describe_topics([topic])
            break
        except KafkaError:
            if time.monotonic() >= deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await admin.close()
    return {
        partition["partition"]: {
            "leader": partition["leader"],
            "replicas": list(partition["replicas"]),
            "isr": list(partition["isr"]),
        }
        for partition in described["partitions"]
    }


async def topic_records(bootstrap: str, topic: str, timeout: float = 60.0) -> list[Any]:
    """Every record of `topic` from its first offset to where it ends now, ordered by
    partition and offset."""
    partitions = await partition_states(bootstrap, topic)
    since = {TopicPartition(topic, partition): 0 for partition in partitions}
    records = await records_since(bootstrap, since, timeout)
    return sorted(records, key=lambda record: (record.partition, record.offset))


async def start_group_at(
    bootstrap: str, group_id: str, offsets: Mapping[TopicPartition, int]
) -> None:
    """Commit `offsets` for a group that has no members yet, so its first member starts there.

    Services subscribe with `auto_offset_reset="earliest"`; a fresh group would otherwise
    replay every message the shared broker ever held on these topics.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit(dict(offsets))
    finally:
        await consumer.stop()


async def committed_offsets(bootstrap: str, group_id: str) -> Offsets:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id)
    finally:
        await admin.close()
    return {tp: meta.offset for tp, meta in committed.items()}


async def records_since(
    bootstrap: str, since: Mapping[TopicPartition, int], timeout: float = 30.0
) -> list[Any]:
    """Every record from `since` up to where each partition ends at the time of the call."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = list(since)
        ends = await consumer.end_offsets(partitions)
        wanted = {tp: end for tp, end in ends.items() if end > since[tp]}
        if not wanted:
            return []
        consumer.assign(list(wanted))
        for tp in wanted:
            consumer.seek(tp, since[tp])
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while await _behind(consumer, wanted):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read up to {wanted} within {timeout}s")
            batches = await consumer.getmany(timeout_ms=500)
            for tp, batch in batches.items():
                records.extend(record for record in batch if record.offset < wanted[tp])
        return records
    finally:
        await consumer.stop()


async def _behind(consumer: AIOKafkaConsumer, ends: Mapping[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return True
    return False


class Producer:
    """acks=all producer of CloudEvents-shaped messages with raw (possibly broken) values."""

    def __init__(self, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")

    async def __aenter__(self) -> Producer:
        await self._producer.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._producer.stop()

    async def send(
        self, topic: str, value: bytes, *, key: str, headers: Mapping[str, str]
    ) -> RecordMetadata:
        return await self._producer.send_and_wait(
            topic,
            value,
            key=key.encode(),
            headers=[(name, text.encode()) for name, text in headers.items()],
        )


async def eventually_true(probe: Any, what: str, timeout: float = 30.0) -> Any:
    """Poll the async `probe` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(0.05)
