"""Checks at start that the topics a service uses exist and that it may see them.

Topics are provisioned with the cluster from the table of bus rights (`devtools kafka up`
locally, the manifests under `deploy/` in production), never by a service: no service holds
the right to create topics. A missing topic stops the service at start with its name, rather
than surfacing later as a producer stuck waiting for metadata.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient

from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.kafka_access import KafkaAccess


class TopicsMissing(RuntimeError):
    pass


async def require_topics(access: KafkaAccess, topics: Iterable[str]) -> None:
    wanted = set(topics)
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        # A principal is shown only the topics it has a right on.
        missing = wanted - set(await admin.list_topics())
    finally:
        await admin.close()
    if missing:
        raise TopicsMissing(
            f"{access.username or 'client'}: topics missing or not granted: {sorted(missing)} "
            "(provision them from the table of bus rights: `devtools kafka up` locally)"
        )


def with_dead_letters(topics: Iterable[str]) -> set[str]:
    wanted = set(topics)
    return wanted | {dead_letter_topic(topic) for topic in wanted if not topic.endswith(".dlq")}
