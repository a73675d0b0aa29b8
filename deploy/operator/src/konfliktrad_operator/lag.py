"""Consumer lag: each group's committed offset against each partition's end offset."""

from __future__ import annotations

from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from konfliktrad_shared.kafka_access import KafkaAccess


@dataclass(frozen=True, slots=True)
class PartitionLag:
    group: str
    topic: str
    partition: int
    committed: int
    end: int

    @property
    def lag(self) -> int:
        return max(self.end - self.committed, 0)


async def consumer_lag(access: KafkaAccess, groups: list[str] | None = None) -> list[PartitionLag]:
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        if not groups:
            groups = sorted(group for group, _protocol in await admin.list_consumer_groups())
        committed: dict[str, dict[TopicPartition, int]] = {}
        for group in groups:
            offsets = await admin.list_consumer_group_offsets(group)
            committed[group] = {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}
    finally:
        await admin.close()
    partitions = {tp for offsets in committed.values() for tp in offsets}
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(list(partitions))
    finally:
        await consumer.stop()
    return [
        PartitionLag(group, tp.topic, tp.partition, offset, ends[tp])
        for group in groups
        for tp, offset in sorted(committed[group].items())
    ]
