"""Creates the topics a service uses when it runs against a local broker.

In production topics are provisioned with the cluster (partitions, RF=3, ACLs); locally the
service makes sure they exist so a fresh broker works with no manual step.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from konfliktrad_shared.contracts.topics import dead_letter_topic


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int = 3
) -> None:
    wanted = set(topics)
    wanted |= {dead_letter_topic(topic) for topic in wanted if not topic.endswith(".dlq")}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        brokers = len((await admin.describe_cluster())["brokers"])
        missing = [
            NewTopic(name, num_partitions=partitions, replication_factor=min(3, brokers))
            for name in sorted(wanted - existing)
        ]
        if missing:
            # Another service may have created it first.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await admin.close()
