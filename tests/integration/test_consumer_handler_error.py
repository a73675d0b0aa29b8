"""A handler that raises something other than a rule violation, on a real broker: the message
is tried up to the bound, with backoff, then dead-lettered as `handler_error` with the error's
class (never its message, which may quote personal data), and the next message on the same
partition is processed.

The consumer is the suite's own (`TopicConsumer` through `subscribe`, on a `create_broker`
broker); the topic and its dead-letter topic are the test's own, so it runs as `admin`.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar
from uuid import uuid4

import pytest
from fixtures.bus import Bus
from fixtures.topic_probe import (
    Producer,
    cloud_event_headers,
    create_topic,
    eventually_true,
    headers_of,
    topic_records,
)

from konfliktrad_shared.consumer_retries import HandlerRetries
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messaging import Route, TopicConsumer, create_broker, subscribe
from konfliktrad_shared.telemetry import setup_telemetry

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

ATTEMPTS = 3
SECRET = "Ola Nordmann 14831051222"  # personal data the error's message quotes


class Noted(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktradet.test.noted.v1"

    case_id: str
    n: int

    def subject(self) -> str:
        return self.case_id


class LedgerOutOfStep(Exception):
    """A bug's kind of error: neither a rule violation nor an outage."""


async def test_a_handler_error_is_retried_to_the_bound_then_dead_lettered_and_the_rest_goes_on(
    bus: Bus,
) -> None:
    topic = f"reliability.handler-error.{uuid4().hex[:8]}"
    await create_topic(bus.admin, topic, partitions=1, replication_factor=1)
    await create_topic(bus.admin, dead_letter_topic(topic), partitions=1, replication_factor=1)
    tried: list[int] = []
    handled: list[int] = []

    async def handle(event: Noted, _delivery: Delivery) -> None:
        tried.append(event.n)
        if event.n == 1:
            raise LedgerOutOfStep(f"cannot post for {SECRET}")
        handled.append(event.n)

    client_id = f"handler-error-{uuid4().hex[:6]}"
    broker = create_broker(
        bus.admin, client_id=client_id, telemetry=setup_telemetry(client_id, None)
    )
    consumer = TopicConsumer(
        broker=broker,
        topic=topic,
        consumer_name="handler-error-test",
        routes={Noted.event_type: Route(Noted, handle)},
    )
    subscribe(
        broker,
        consumer,
        group_id=client_id,
        retries=HandlerRetries(
            max_attempts=ATTEMPTS, first_backoff_seconds=0.1, max_backoff_seconds=0.2
        ),
    )
    async with Producer(bus.admin) as producer:
        for n in range(3):
            event = Noted(case_id="case-1", n=n)
            await producer.send(
                topic,
                event.model_dump_json().encode(),
                key="case-1",
                headers=cloud_event_headers(Noted.event_type, "case-1"),
            )
    await broker.start()
    try:

        async def the_rest_handled() -> bool:
            return handled == [0, 2]

        await eventually_true(the_rest_handled, "the messages around the failing one", 60)
        await asyncio.sleep(0.5)  # nothing more may come of the failing one
    finally:
        await broker.stop()

    assert tried == [0, 1, 1, 1, 2], "the failing message tried up to the bound, in place"
    [dead] = await topic_records(bus.admin, dead_letter_topic(topic))
    headers = headers_of(dead)
    assert headers["dlq_reason"] == "handler_error"
    assert LedgerOutOfStep.__qualname__ in headers["dlq_error"]
    assert f"after {ATTEMPTS} attempts" in headers["dlq_error"]
    assert SECRET not in str(headers)
    assert Noted.model_validate_json(dead.value).n == 1, "the original bytes"
