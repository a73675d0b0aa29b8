"""Kafka → commands. Vetting consumes nothing; it declares the topic it publishes to."""

from __future__ import annotations

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import TopicConsumer
from konfliktrad_shared.runtime import Runtime

CONSUMES: tuple[str, ...] = ()
PRODUCES = (topics.VETTING_EVENTS,)


def register(runtime: Runtime, _bus: MessageBus) -> tuple[TopicConsumer, ...]:
    runtime.topics.update(CONSUMES + PRODUCES)
    return ()
