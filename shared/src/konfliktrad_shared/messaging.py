"""The Kafka side: the broker factory, the outbox publisher and the consuming dispatcher."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.message import StreamMessage
from pydantic import ValidationError

from konfliktrad_shared import bus_rights
from konfliktrad_shared.business_metrics import business_metrics
from konfliktrad_shared.consumer_retries import HandlerRetries, is_an_outage
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.catalogue import published_event_types
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.envelope import Envelope, MalformedEnvelope, decode_headers
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.kafka_access import KafkaAccess

# Re-exported: the runtime and the tests know the publisher by this module.
from konfliktrad_shared.kafka_publisher import KafkaOutboxPublisher as KafkaOutboxPublisher
from konfliktrad_shared.refusal import RuleViolation
from konfliktrad_shared.telemetry import Telemetry

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 512 * 1024
_NOT_A_NAME = re.compile(r"\W")


def create_broker(access: KafkaAccess, *, client_id: str, telemetry: Telemetry) -> KafkaBroker:
    """Idempotent producer with acks=all: a retried send is never written twice or reordered."""
    return KafkaBroker(
        access.servers,
        security=access.faststream_security(),
        client_id=client_id,
        # Topics are provisioned from the table of bus rights; no service may create one.
        allow_auto_create_topics=False,
        acks="all",
        enable_idempotence=True,
        middlewares=[
            KafkaTelemetryMiddleware(
                tracer_provider=telemetry.tracer_provider,
                meter_provider=telemetry.meter_provider,
            ),
            KafkaPrometheusMiddleware(registry=telemetry.registry, app_name=client_id),
        ],
        logger=log,
    )


class PoisonMessage(Exception):
    """A message no retry can fix: it goes to the dead-letter topic with `reason`."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


EventHandler = Callable[[Any, Delivery], Awaitable[None]]
CommandOf = Callable[[Any, Delivery], object | None]


@dataclass(frozen=True, slots=True)
class Route:
    contract: type[IntegrationEvent]
    handle: EventHandler
    # The command `handle` would run on the bus (None: nothing to do), so a batch of messages
    # can be handled in one transaction (`batch_consumption`); without it, one at a time.
    command_of: CommandOf | None = None


@dataclass(frozen=True, slots=True)
class ProvenSender:
    """The one principal the broker lets write a topic, and the `ce_source` it must claim."""

    principal: str
    source: str


SenderOfTopic = Callable[[str], ProvenSender | None]


def sender_by_bus_rights(topic: str) -> ProvenSender | None:
    """The sender whose own topic this is in the table of bus rights, which the broker's ACLs
    are made from: no other principal can have written to it."""
    sender = bus_rights.sender_by_topic(topic)
    if sender is None or sender.source is None:
        return None
    return ProvenSender(sender.name, sender.source)


class TopicConsumer:
    """Decodes one topic's messages and hands each to the route for its `ce_type`.

    Poison goes to `<topic>.dlq` (the dead-letter topic of the topic the message came on) with
    its original bytes and headers saying why, and the partition moves on. Any other failure
    propagates, so the offset is not committed and the message is delivered again.

    `pattern` (a regular expression, matched against the whole topic name) consumes every
    topic it matches that the consumer's principal may see; `topic` then only names them in
    titles and logs. With `senders`, the topic proves who wrote the message: a `ce_source`
    other than that sender's is dead-lettered (`sender_mismatch`), the handler learns the
    sender from `Delivery.sender`, and the inbox tells messages apart by sender and `ce_id`
    (CloudEvents makes source + id unique, not id alone: one sender cannot make another's
    message look like a duplicate).
    """

    def __init__(
        self,
        *,
        broker: KafkaBroker,
        topic: str,
        consumer_name: str,
        routes: Mapping[str, Route],
        ignored_types: frozenset[str] = frozenset(),
        pattern: str | None = None,
        senders: SenderOfTopic | None = None,
    ) -> None:
        if pattern is not None and "{" in pattern:
            # FastStream would read `{name}` as a path parameter and widen it to `.*`.
            raise ValueError(f"a topic pattern without braces, please: {pattern!r}")
        self.topic = topic
        # Anchored: aiokafka subscribes to every topic the pattern matches a *prefix* of.
        self.pattern = f"(?:{pattern})$" if pattern is not None else None
        self.consumer_name = consumer_name
        self._broker = broker
        self._routes = routes
        self._ignored_types = ignored_types
        self._senders = senders

    def routes(self) -> Mapping[str, Route]:
        return self._routes

    async def consume(self, record: ConsumerRecord[Any, Any]) -> None:
        try:
            decoded = self._decode(record)
        except PoisonMessage as poison:
            await self._dead_letter(record, poison)
            return
        if decoded is None:
            return
        delivery, route, event = decoded
        try:
            await route.handle(event, delivery)
        except PoisonMessage as poison:
            await self._dead_letter(record, poison)
        except RuleViolation as refusal:
            # A refusal is final for this message: retrying cannot change the law's answer.
            await self._dead_letter(
                record, PoisonMessage("rule_violation", f"{refusal.legal_basis}: {refusal.reason}")
            )
        except DuplicateDelivery:
            log.info(
                "duplicate %s skipped (%s[%s]@%s)",
                delivery.event_id,
                record.topic,
                record.partition,
                record.offset,
            )

    def decode(
        self, record: ConsumerRecord[Any, Any]
    ) -> tuple[Delivery, Route, IntegrationEvent] | None:
        """The decoded message, None for a known type this consumer has no use for; raises
        `PoisonMessage` for one no retry can fix."""
        return self._decode(record)

    def _decode(
        self, record: ConsumerRecord[Any, Any]
    ) -> tuple[Delivery, Route, IntegrationEvent] | None:
        value: bytes | None = record.value
        if value is None:
            raise PoisonMessage("empty_value", "message has no value")
        if len(value) > MAX_MESSAGE_BYTES:
            raise PoisonMessage("oversized", f"{len(value)} bytes exceeds {MAX_MESSAGE_BYTES}")
        try:
            envelope = Envelope.from_headers(decode_headers(record.headers))
        except MalformedEnvelope as exc:
            raise PoisonMessage("malformed_envelope", str(exc)) from exc
        sender = self._proven_sender(record.topic, envelope)
        if envelope.type in self._ignored_types:
            return None
        route = self._routes.get(envelope.type)
        if route is None and envelope.type in published_event_types():
            return None  # another consumer's business on a shared topic
        if route is None:
            raise PoisonMessage("unknown_type", f"no contract for ce_type {envelope.type!r}")
        try:
            event = route.contract.model_validate_json(value)
        except ValidationError as exc:
            raise PoisonMessage(*_describe(exc)) from exc
        if sender is None:
            return Delivery(self.consumer_name, envelope.id, envelope), route, event
        event_id = f"{sender}/{envelope.id}"
        return Delivery(self.consumer_name, event_id, envelope, sender=sender), route, event

    def _proven_sender(self, topic: str, envelope: Envelope) -> str | None:
        """The principal `topic` proves wrote the message, if this consumer asks."""
        if self._senders is None:
            return None
        sender = self._senders(topic)
        if sender is None:
            raise PoisonMessage("unknown_sender", "no sender in the table of bus rights owns it")
        if envelope.source != sender.source:
            # The claimed source is not repeated: only what the sender must put there instead.
            raise PoisonMessage(
                "sender_mismatch",
                f"ce_source must be {sender.source!r}, the source of {sender.principal}, "
                "whose topic this is",
            )
        return sender.principal

    async def dead_letter(self, record: ConsumerRecord[Any, Any], poison: PoisonMessage) -> None:
        """Sends the message to its topic's dead-letter topic with why; the partition goes on."""
        await self._dead_letter(record, poison)

    async def _dead_letter(self, record: ConsumerRecord[Any, Any], poison: PoisonMessage) -> None:
        # Only positions and the reason are logged: the value may hold personal data.
        log.warning(
            "dead-lettering %s[%s]@%s: %s",
            record.topic,
            record.partition,
            record.offset,
            poison.reason,
        )
        headers = decode_headers(record.headers)
        headers.update(
            {
                "dlq_reason": poison.reason,
                "dlq_error": poison.detail[:1000],
                "dlq_consumer": self.consumer_name,
                "dlq_original_topic": record.topic,
                "dlq_original_partition": str(record.partition),
                "dlq_original_offset": str(record.offset),
            }
        )
        await self._broker.publish(
            record.value or b"",
            dead_letter_topic(record.topic),
            key=record.key,
            headers=headers,
        )
        business_metrics().dead_letters.labels(dead_letter_topic(record.topic), poison.reason).inc()


def _describe(error: ValidationError) -> tuple[str, str]:
    """The reason without the offending values, which may be personal data."""
    problems = error.errors(include_input=False, include_url=False, include_context=False)
    if any(problem["type"] == "json_invalid" for problem in problems):
        return "invalid_json", "value is not valid JSON"
    described = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or '<root>'}: {problem['msg']}"
        for problem in problems[:10]
    )
    return "schema_violation", described


async def _undecoded(message: StreamMessage[Any]) -> Any:
    """The body as it came: `TopicConsumer` decodes it. FastStream's own decoder parses by the
    content-type before the handler runs, so a body that is not JSON failed there on every
    redelivery, never reached the dead-letter topic, and stopped its partition for good."""
    return message.body


DEFAULT_RETRIES = HandlerRetries()


class OneAtATime:
    """One message's attempt, its offset to be committed only once its handler returned.

    An outage (`is_an_outage`) is waited out for `retry_backoff_seconds` and the message is to
    be delivered again, for as long as the outage lasts; any other error counts against the
    message: it is to be delivered again after `retries`' backoff, then dead-lettered with
    reason `handler_error` and the error's class (its message may quote personal data), and
    the partition moves on. The count is kept in this process: a restart or a rebalance in
    between starts it again, so the bound is a floor, not an exact figure.
    """

    def __init__(
        self, consumer: TopicConsumer, *, retry_backoff_seconds: float, retries: HandlerRetries
    ) -> None:
        self._consumer = consumer
        self._retry_backoff_seconds = retry_backoff_seconds
        self._retries = retries
        self._failures: dict[tuple[str, int, int], int] = {}

    def failing(self, records: Sequence[ConsumerRecord[Any, Any]]) -> bool:
        """Whether any of `records` failed here before and is to be tried again."""
        return any((r.topic, r.partition, r.offset) in self._failures for r in records)

    async def attempt(self, record: ConsumerRecord[Any, Any]) -> Exception | None:
        """None once the message is done with; the error when it must be delivered again."""
        consumer = self._consumer
        position = (record.topic, record.partition, record.offset)
        try:
            await consumer.consume(record)
        except Exception as error:
            if is_an_outage(error):
                log.exception("handling %s failed; it will be redelivered", consumer.topic)
                await asyncio.sleep(self._retry_backoff_seconds)
                return error
            failed = self._failures.get(position, 0) + 1
            self._failures[position] = failed
            if failed < self._retries.max_attempts:
                log.warning(
                    "handling %s[%s]@%s failed (%s), attempt %d of %d",
                    *position,
                    type(error).__name__,
                    failed,
                    self._retries.max_attempts,
                )
                await asyncio.sleep(self._retries.backoff(failed))
                return error
            error_class = f"{type(error).__module__}.{type(error).__qualname__}"
            await consumer.dead_letter(
                record,
                PoisonMessage("handler_error", f"{error_class} after {failed} attempts"),
            )
        self._failures.pop(position, None)
        return None


def subscribe(
    broker: KafkaBroker,
    consumer: TopicConsumer,
    *,
    group_id: str,
    heartbeat_interval_ms: int = 250,
    retry_backoff_seconds: float = 1.0,
    retries: HandlerRetries = DEFAULT_RETRIES,
) -> None:
    """One message at a time (`OneAtATime`); its offset is committed only after its handler
    returned. NACK_ON_ERROR seeks back to a message to be delivered again instead of
    committing past it."""
    one = OneAtATime(consumer, retry_backoff_seconds=retry_backoff_seconds, retries=retries)

    async def on_message(message: KafkaMessage) -> None:
        error = await one.attempt(message.raw_message)
        if error is not None:
            raise error

    on_message.__name__ = handler_name(consumer)
    broker.subscriber(
        *subscribed_topics(consumer),
        **subscription(consumer, group_id, heartbeat_interval_ms),
        ack_policy=AckPolicy.NACK_ON_ERROR,
    )(on_message)


def handler_name(consumer: TopicConsumer) -> str:
    return f"{consumer.consumer_name}_on_{_NOT_A_NAME.sub('_', consumer.topic)}"


def subscribed_topics(consumer: TopicConsumer) -> tuple[str, ...]:
    # A pattern matches only topics the principal may describe (its own rights), and the
    # anchored pattern none of their dead-letter topics, which it may write but not read.
    return () if consumer.pattern is not None else (consumer.topic,)


def subscription(
    consumer: TopicConsumer, group_id: str, heartbeat_interval_ms: int
) -> dict[str, Any]:
    """What every subscriber of a `TopicConsumer` is registered with, batched or not."""
    return {
        "pattern": consumer.pattern,
        "group_id": group_id,
        "decoder": _undecoded,
        "auto_offset_reset": "earliest",
        "max_poll_interval_ms": 300_000,
        "heartbeat_interval_ms": heartbeat_interval_ms,  # `consumer_heartbeat_interval_ms`
        "title": f"{consumer.consumer_name}:{consumer.topic}",
        "description": ", ".join(sorted(route_type for route_type in consumer.routes())),
    }
