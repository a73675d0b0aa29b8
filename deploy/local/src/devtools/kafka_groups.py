"""Consumer groups: placed before their first member joins, and where they have got to.

Each call connects as the principal it is given: placing a group needs that group's member
(a service's own principal), reading another's offsets the operator.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from konfliktrad_shared.kafka_access import KafkaAccess


async def start_group_at(
    access: KafkaAccess, group_id: str, offsets: Mapping[TopicPartition, int]
) -> None:
    """Commit `offsets` for a group that has no members yet, so its first member starts there.

    Services subscribe with `auto_offset_reset="earliest"`; a fresh group would otherwise
    replay every message the shared broker ever held on these topics.
    """
    consumer = AIOKafkaConsumer(
        **access.aiokafka_options(), group_id=group_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit(dict(offsets))
    finally:
        await consumer.stop()


async def end_offsets(
    access: KafkaAccess, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """Where each partition ends now: a new group placed there sees only what comes next."""
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return ends
    finally:
        await consumer.stop()


async def committed_offsets(access: KafkaAccess, group_id: str) -> dict[TopicPartition, int]:
    """The offsets `group_id` has committed: where its members will start again."""
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id)
    finally:
        await admin.close()
    return {tp: meta.offset for tp, meta in committed.items()}


async def topic_partitions(access: KafkaAccess, topic: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
