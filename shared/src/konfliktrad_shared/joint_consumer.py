"""All of a service's consumed topics read by one Kafka consumer.

One consumer per topic meant one member per topic in the service's group: each joined after
the one before it, and every join after the first was a rebalance that the members already
in had to notice (at their next heartbeat) and rejoin, with the leader fetching metadata for
topics it did not read itself — about 0.6 s of a start measured for a service reading two
topics. One consumer joins once, is assigned the partitions of every topic in one
assignment, and is ready when that one join is done.

The consumer reads by one pattern that matches exactly the topics (and topic patterns) of its
parts; each record goes to the `TopicConsumer` of its topic, which decodes it, routes it and
dead-letters it as it would alone. The offsets, the batches, the retries and the dead letters
stay the subscriber's (`messaging.subscribe`, `batch_consumption.subscribe_batches`), which
take this as they take one topic's consumer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messaging import PoisonMessage, Route, TopicConsumer


class JointConsumer(TopicConsumer):
    def __init__(self, broker: KafkaBroker, parts: Sequence[TopicConsumer]) -> None:
        names = {part.consumer_name for part in parts}
        if len(names) != 1:
            raise ValueError(f"one service's consumers only, not {sorted(names)}")
        routes: dict[str, Route] = {}
        for part in parts:
            for event_type, route in part.routes().items():
                if routes.setdefault(event_type, route) is not route:
                    raise ValueError(f"{event_type} is routed by two of the topics read jointly")
        super().__init__(
            broker=broker,
            topic=" + ".join(part.topic for part in parts),
            consumer_name=names.pop(),
            routes=routes,
            # The parts' own patterns are anchored already; a topic matches only itself.
            pattern="|".join(part.pattern or re.escape(part.topic) for part in parts),
        )
        self.parts = tuple(parts)
        self._owners: dict[str, TopicConsumer] = {}

    def owner(self, topic: str) -> TopicConsumer:
        """The part that reads `topic`."""
        found = self._owners.get(topic)
        if found is None:
            found = next((part for part in self.parts if _reads(part, topic)), None)
            if found is None:  # the joint pattern matches only what a part reads
                raise LookupError(f"no part of {self.topic} reads {topic}")
            self._owners[topic] = found
        return found

    async def consume(self, record: ConsumerRecord[Any, Any]) -> None:
        await self.owner(record.topic).consume(record)

    def decode(
        self, record: ConsumerRecord[Any, Any]
    ) -> tuple[Delivery, Route, IntegrationEvent] | None:
        return self.owner(record.topic).decode(record)

    async def dead_letter(self, record: ConsumerRecord[Any, Any], poison: PoisonMessage) -> None:
        await self.owner(record.topic).dead_letter(record, poison)


def jointly(broker: KafkaBroker, consumers: Mapping[str, TopicConsumer]) -> list[TopicConsumer]:
    """The consumers to subscribe: one joint consumer for several topics, else the one."""
    parts = list(consumers.values())
    return [JointConsumer(broker, parts)] if len(parts) > 1 else parts


def _reads(part: TopicConsumer, topic: str) -> bool:
    if part.pattern is None:
        return topic == part.topic
    return re.match(part.pattern, topic) is not None
