"""A dead-lettering is counted, by dead-letter topic and reason, in the business metrics."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord

from konfliktrad_shared.business_metrics import business_metrics
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.messaging import TopicConsumer


class Broker:
    def __init__(self) -> None:
        self.published: list[str] = []

    async def publish(self, value: bytes, topic: str, **_: Any) -> None:
        self.published.append(topic)


def _counted(topic: str, reason: str) -> float:
    value = business_metrics().registry.get_sample_value(
        "konfliktrad_dead_letters_total", {"topic": topic, "reason": reason}
    )
    return value or 0.0


async def test_a_dead_lettered_message_is_counted_by_topic_and_reason() -> None:
    envelope = Envelope(id="e1", type="no.such.type.v1", source="urn:test", time=datetime.now(UTC))
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    record: ConsumerRecord[Any, Any] = ConsumerRecord(
        "counted.v1", 0, 5, 0, 0, b"k", b"{}", None, 1, 2, headers
    )
    broker = Broker()
    consumer = TopicConsumer(broker=broker, topic="counted.v1", consumer_name="c", routes={})  # type: ignore[arg-type]
    before = _counted("counted.v1.dlq", "unknown_type")

    await consumer.consume(record)

    assert broker.published == ["counted.v1.dlq"]
    assert _counted("counted.v1.dlq", "unknown_type") == before + 1
