"""Batches of consumed messages: what the broker has, up to a bound, in one transaction.

A batch's decodable messages become their commands (`Route.command_of`) and run on the bus in
one unit of work (`MessageBus.handle_batch`): one inbox row per message (a duplicate skipped),
the handlers in the order the broker gave the records (per partition, their offsets' order),
one database commit, then one offset commit for the batch. Poison is dead-lettered as one at a
time would (`TopicConsumer`).

When anything in the batch fails (a handler raises, a rule refuses, a unit of work is left
without a commit, the commit itself fails), the batch is rolled back and its messages are
handled one at a time, exactly as `messaging.subscribe` does (`OneAtATime`): the message at
fault is retried, refused or dead-lettered by the same rules, and the others commit. A
message that is to be delivered again holds the rest of its partition: its partition is
sought back to it, while the batch's other partitions commit what they handled.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeAlias

from aiokafka import ConsumerRecord, TopicPartition
from aiokafka.errors import IllegalStateError, KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from konfliktrad_shared.consumer_retries import HandlerRetries
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messaging import (
    DEFAULT_RETRIES,
    OneAtATime,
    PoisonMessage,
    TopicConsumer,
    handler_name,
    subscribed_topics,
    subscription,
)
from konfliktrad_shared.prompt_batches import prompt

log = logging.getLogger(__name__)

HandleCommands = Callable[[Sequence[tuple[Any, Delivery]]], Awaitable[None]]
Record: TypeAlias = "ConsumerRecord[Any, Any]"


class CannotBatch(Exception):
    """A route with no command to give (`Route.command_of`): the batch goes one at a time."""


class BatchOfMessages:
    """Handles one batch of records; returns where each of its partitions is to go on from."""

    def __init__(
        self, consumer: TopicConsumer, handle_commands: HandleCommands, one: OneAtATime
    ) -> None:
        self._consumer = consumer
        self._handle_commands = handle_commands
        self._one = one

    async def handle(self, records: Sequence[Record]) -> dict[TopicPartition, int]:
        """Handles the batch; per partition, the offset to commit and to go on from."""
        done: set[tuple[str, int, int]] = set()
        if self._one.failing(records):
            # A message of this batch failed alone before: the batch would only fail again.
            return await self._one_at_a_time(records, done)
        try:
            await self._together(records, done)
            return _after_each(records)
        except Exception as error:
            log.info(
                "a batch of %d from %s failed (%s); one message at a time",
                len(records),
                self._consumer.topic,
                type(error).__name__,
            )
        return await self._one_at_a_time(records, done)

    async def _together(self, records: Sequence[Record], done: set[tuple[str, int, int]]) -> None:
        commands: list[tuple[Any, Delivery]] = []
        poison: list[tuple[Record, PoisonMessage]] = []
        for record in records:
            try:
                command = self._command_of(record)
            except PoisonMessage as unfit:
                poison.append((record, unfit))
                continue
            if command is not None:
                commands.append(command)
        if commands:
            await self._handle_commands(commands)
        # Committed: none of them is handled again should a dead letter below fail.
        poisoned = {_position(record) for record, _refused in poison}
        done.update(_position(record) for record in records if _position(record) not in poisoned)
        for record, why in poison:
            await self._consumer.dead_letter(record, why)
            done.add(_position(record))

    def _command_of(self, record: Record) -> tuple[Any, Delivery] | None:
        decoded = self._consumer.decode(record)
        if decoded is None:
            return None
        delivery, route, event = decoded
        if route.command_of is None:
            raise CannotBatch(route.contract.event_type)
        command = route.command_of(event, delivery)
        return None if command is None else (command, delivery)

    async def _one_at_a_time(
        self, records: Sequence[Record], done: set[tuple[str, int, int]]
    ) -> dict[TopicPartition, int]:
        held: dict[TopicPartition, int] = {}
        for record in records:
            partition = TopicPartition(record.topic, record.partition)
            if partition in held or _position(record) in done:
                continue
            if await self._one.attempt(record) is not None:
                held[partition] = record.offset
        return _after_each(records) | held


def _position(record: Record) -> tuple[str, int, int]:
    return (record.topic, record.partition, record.offset)


def _after_each(records: Sequence[Record]) -> dict[TopicPartition, int]:
    """Per partition, the offset after its last record in the batch."""
    after: dict[TopicPartition, int] = {}
    for record in records:
        partition = TopicPartition(record.topic, record.partition)
        after[partition] = max(after.get(partition, 0), record.offset + 1)
    return after


def _first_of_each(records: Sequence[Record]) -> dict[TopicPartition, int]:
    first: dict[TopicPartition, int] = {}
    for record in records:
        partition = TopicPartition(record.topic, record.partition)
        first[partition] = min(first.get(partition, record.offset), record.offset)
    return first


async def go_on_from(
    client: Any, records: Sequence[Record], positions: dict[TopicPartition, int]
) -> None:
    """One offset commit for the batch; a partition held at a message is sought back to it."""
    first, after = _first_of_each(records), _after_each(records)
    moved = {part: offset for part, offset in positions.items() if offset > first[part]}
    try:
        if moved:
            await client.commit(moved)
        for partition, offset in positions.items():
            if offset < after[partition]:
                client.seek(partition, offset)
    except (KafkaError, IllegalStateError) as error:
        # A rebalance took the partitions: their new owner reads them again from the last
        # commit, and the inbox absorbs what this batch committed already.
        log.warning("offsets of a batch not committed (%s)", type(error).__name__)


def subscribe_batches(
    broker: KafkaBroker,
    consumer: TopicConsumer,
    *,
    group_id: str,
    handle_commands: HandleCommands,
    max_records: int,
    heartbeat_interval_ms: int = 250,
    batch_timeout_ms: int = 200,
    retry_backoff_seconds: float = 1.0,
    retries: HandlerRetries = DEFAULT_RETRIES,
) -> None:
    """Up to `max_records` messages at a time (`BatchOfMessages`), their offsets committed by
    the handler itself (MANUAL), once per batch, or per partition up to a message that is to
    be delivered again."""
    one = OneAtATime(consumer, retry_backoff_seconds=retry_backoff_seconds, retries=retries)
    batch = BatchOfMessages(consumer, handle_commands, one)

    async def on_batch(message: KafkaMessage) -> None:
        records: tuple[Record, ...] = tuple(message.raw_message)
        if not records:
            return
        try:
            positions = await batch.handle(records)
        except Exception:
            # The consumer's position is past the batch already: without this, what was not
            # handled would not come again before a restart. The inbox skips what committed.
            for partition, offset in _first_of_each(records).items():
                message.consumer.seek(partition, offset)
            raise
        await go_on_from(message.consumer, records, positions)

    on_batch.__name__ = handler_name(consumer)
    subscriber = broker.subscriber(
        *subscribed_topics(consumer),
        **subscription(consumer, group_id, heartbeat_interval_ms),
        ack_policy=AckPolicy.MANUAL,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=batch_timeout_ms,
    )
    # A record is taken the moment it arrives, also right after an idle poll.
    prompt(subscriber)(on_batch)
