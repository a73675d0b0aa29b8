"""Checks at start that the topics a service uses exist and that it may see them.

Topics are provisioned with the cluster from the table of bus rights (`devtools kafka up`
locally, the manifests under `deploy/` in production), never by a service: no service holds
the right to create topics. A missing topic stops the service at start with its name, rather
than surfacing later as a producer stuck waiting for metadata.
"""

from __future__ import annotations

from collections.abc import Iterable

from faststream.kafka import KafkaBroker

from konfliktrad_shared.contracts.topics import dead_letter_topic


class TopicsMissing(RuntimeError):
    pass


async def require_topics(broker: KafkaBroker, principal: str | None, topics: Iterable[str]) -> None:
    """Asks with the connected broker's admin client, the service's principal's."""
    # A principal is shown only the topics it has a right on.
    missing = set(topics) - set(await broker.config.admin_client.list_topics())
    if missing:
        raise TopicsMissing(
            f"{principal or 'client'}: topics missing or not granted: {sorted(missing)} "
            "(provision them from the table of bus rights: `devtools kafka up` locally)"
        )


def with_dead_letters(topics: Iterable[str]) -> set[str]:
    wanted = set(topics)
    return wanted | {dead_letter_topic(topic) for topic in wanted if not topic.endswith(".dlq")}
