"""A service's topics read by one Kafka consumer: each record still reaches the consumer of its
own topic — its routes, its proof of sender, its dead-letter topic — one at a time and in
batches, and the one pattern subscribed to matches exactly the topics of the parts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import uuid4

import pytest
from aiokafka import ConsumerRecord, TopicPartition

from konfliktrad_shared.batch_consumption import BatchOfMessages
from konfliktrad_shared.consumer_retries import HandlerRetries
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.joint_consumer import JointConsumer, jointly
from konfliktrad_shared.messaging import (
    OneAtATime,
    Route,
    TopicConsumer,
    sender_by_bus_rights,
    subscribed_topics,
)

OSLO = topics.referrals_from("police-oslo")
OSLO_SOURCE = "urn:no:politiet:oslo"
PLANS = topics.YOUTH_PLAN_EVENTS


class Referred(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktradet.test.joint-referred.v1"
    n: int

    def subject(self) -> str:
        return f"case-{self.n}"


class Planned(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktradet.test.joint-planned.v1"
    n: int

    def subject(self) -> str:
        return f"case-{self.n}"


class Broker:
    """Only `publish` is used by a consumer: for its dead letters."""

    def __init__(self) -> None:
        self.dead: list[tuple[str, dict[str, str]]] = []

    async def publish(self, value: bytes, topic: str, **kwargs: Any) -> None:
        self.dead.append((topic, kwargs["headers"]))


class Service:
    def __init__(self) -> None:
        self.broker = Broker()
        self.handled: list[tuple[str, int, str | None]] = []
        broker: Any = self.broker
        self.referrals = TopicConsumer(
            broker=broker,
            topic=f"{topics.REFERRALS_PREFIX}{{sender}}",
            pattern=topics.REFERRALS_PATTERN,
            senders=sender_by_bus_rights,
            consumer_name="referral",
            routes={Referred.event_type: Route(Referred, self._handle, self._command)},
        )
        self.plans = TopicConsumer(
            broker=broker,
            topic=PLANS,
            consumer_name="referral",
            routes={Planned.event_type: Route(Planned, self._handle, self._command)},
        )
        self.joint = JointConsumer(broker, [self.referrals, self.plans])

    async def _handle(self, event: Any, delivery: Delivery) -> None:
        self.handled.append((type(event).__name__, event.n, delivery.sender))

    @staticmethod
    def _command(event: Any, delivery: Delivery) -> tuple[str, int, str | None]:
        return (type(event).__name__, event.n, delivery.sender)


def record(
    topic: str, event: IntegrationEvent, *, offset: int = 0, source: str = OSLO_SOURCE
) -> ConsumerRecord[Any, Any]:
    envelope = Envelope(
        id=str(uuid4()), type=event.event_type, source=source, time=datetime.now(UTC)
    )
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    value = event.model_dump_json().encode()
    return ConsumerRecord(topic, 0, offset, 0, 0, b"k", value, None, 1, len(value), headers)


def test_the_one_pattern_matches_the_parts_topics_and_nothing_else() -> None:
    joint = Service().joint
    assert subscribed_topics(joint) == (), "subscribed by its pattern"
    assert joint.pattern is not None
    matches = [
        topic
        for topic in (
            OSLO,
            topics.referrals_from("police-bergen"),
            PLANS,
            topics.dead_letter_topic(OSLO),
            topics.dead_letter_topic(PLANS),
            f"{PLANS}x",
            f"x{PLANS}",
            PLANS.replace(".", "-"),
            topics.REFERRAL_EVENTS,
        )
        if re.match(joint.pattern, topic)  # as aiokafka matches a subscription's pattern
    ]
    assert matches == [OSLO, topics.referrals_from("police-bergen"), PLANS]


async def test_each_record_reaches_the_consumer_of_its_own_topic() -> None:
    service = Service()

    await service.joint.consume(record(OSLO, Referred(n=1)))
    await service.joint.consume(record(PLANS, Planned(n=2), source="urn:konfliktrad:youth_plan"))

    assert service.handled == [("Referred", 1, "police-oslo"), ("Planned", 2, None)]
    assert service.broker.dead == []


async def test_poison_goes_to_the_dead_letter_topic_of_the_topic_it_came_on() -> None:
    service = Service()

    # A type routed on the other topic is not this topic's: unknown here, as it was alone.
    await service.joint.consume(record(PLANS, Referred(n=3)))
    # The referral part still proves the sender of its own topics.
    await service.joint.consume(record(OSLO, Referred(n=4), source="urn:no:politiet:bergen"))

    assert [(topic, headers["dlq_reason"]) for topic, headers in service.broker.dead] == [
        (topics.dead_letter_topic(PLANS), "unknown_type"),
        (topics.dead_letter_topic(OSLO), "sender_mismatch"),
    ]
    assert service.handled == []


async def test_a_batch_of_both_topics_is_handled_in_one_go_in_the_brokers_order() -> None:
    service = Service()
    batches: list[Sequence[tuple[Any, Delivery]]] = []

    async def handle_commands(commands: Sequence[tuple[Any, Delivery]]) -> None:
        batches.append(commands)

    one = OneAtATime(service.joint, retry_backoff_seconds=0, retries=HandlerRetries())
    batch = BatchOfMessages(service.joint, handle_commands, one)
    records = [
        record(OSLO, Referred(n=1), offset=7),
        record(PLANS, Planned(n=2), offset=3, source="urn:konfliktrad:youth_plan"),
        record(OSLO, Referred(n=5), offset=8),
    ]

    positions = await batch.handle(records)

    assert [[command for command, _delivery in commands] for commands in batches] == [
        [("Referred", 1, "police-oslo"), ("Planned", 2, None), ("Referred", 5, "police-oslo")]
    ]
    assert positions == {TopicPartition(OSLO, 0): 9, TopicPartition(PLANS, 0): 4}


def test_one_topic_is_read_by_its_own_consumer_and_two_may_not_route_one_type() -> None:
    service = Service()
    broker: Any = service.broker
    assert jointly(broker, {PLANS: service.plans}) == [service.plans]
    also_planned = TopicConsumer(
        broker=broker,
        topic=topics.MEDIATION_EVENTS,
        consumer_name="referral",
        routes={
            Planned.event_type: Route(Planned, service.plans.routes()[Planned.event_type].handle)
        },
    )
    with pytest.raises(ValueError, match="routed by two"):
        JointConsumer(broker, [service.plans, also_planned])
