"""Dead letters on the bus: what is parked where and why, and putting it back.

Reads assign partitions directly (no consumer group, nothing committed): looking at a
dead-letter topic never moves anybody's offsets. A replay publishes the original bytes with
the original headers (`ce_id` included) to the topic the message came from, so the
consumer's inbox absorbs a message that is replayed twice or was already handled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from konfliktrad_shared.bus_rights import principal, suite_topics
from konfliktrad_shared.contracts.topics import DEAD_LETTER_SUFFIX, sender_of
from konfliktrad_shared.kafka_access import KafkaAccess

DLQ_HEADER_PREFIX = "dlq_"
REPLAY_HEADER = "operator_replayed_from"
FETCH_MS = 500


class UnknownTopic(Exception):
    """The broker knows no such topic, or will not describe it to this principal."""


class CannotReplay(Exception):
    """The record cannot go back where it came from (the reason says why)."""


@dataclass(frozen=True, slots=True)
class Position:
    partition: int
    offset: int

    @classmethod
    def parse(cls, text: str) -> Position:
        """`PARTITION:OFFSET`, or a bare `OFFSET` on partition 0."""
        partition, _, offset = text.rpartition(":")
        return cls(int(partition or 0), int(offset))

    def __str__(self) -> str:
        return f"{self.partition}:{self.offset}"


@dataclass(frozen=True, slots=True)
class DeadLetter:
    topic: str
    position: Position
    key: str | None
    headers: dict[str, str]
    payload: bytes = field(repr=False)

    @property
    def reason(self) -> str:
        return self.headers.get("dlq_reason", "unknown")

    @property
    def original_topic(self) -> str:
        return self.headers.get("dlq_original_topic") or self.topic.removesuffix(DEAD_LETTER_SUFFIX)


@dataclass(frozen=True, slots=True)
class Summary:
    topic: str
    count: int
    reasons: Counter[str]
    positions: list[Position]


def dead_letter_topics() -> list[str]:
    return sorted(t for t in suite_topics() if t.endswith(DEAD_LETTER_SUFFIX))


@asynccontextmanager
async def _consumer(access: KafkaAccess) -> AsyncIterator[AIOKafkaConsumer]:
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def partitions_of(access: KafkaAccess, topic: str) -> list[TopicPartition]:
    """The topic's partitions, as the broker describes them (a consumer that subscribes to
    nothing is never told a topic's partitions)."""
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if described["error_code"]:
        raise UnknownTopic(f"{topic}: the broker answers error {described['error_code']}")
    return [
        TopicPartition(topic, p["partition"])
        for p in sorted(described["partitions"], key=lambda p: p["partition"])
    ]


async def _read(
    consumer: AIOKafkaConsumer,
    partitions: list[TopicPartition],
    wanted: set[Position] | None = None,
) -> list[DeadLetter]:
    """Every record present now (or only those at `wanted`), in partition order."""
    if wanted is not None:
        partitions = [tp for tp in partitions if any(w.partition == tp.partition for w in wanted)]
    if not partitions:
        return []
    starts = await consumer.beginning_offsets(partitions)
    ends = await consumer.end_offsets(partitions)
    consumer.assign(partitions)
    found: list[DeadLetter] = []
    for tp in partitions:
        if ends[tp] <= starts[tp]:
            continue
        consumer.seek(tp, starts[tp])
        while await consumer.position(tp) < ends[tp]:
            batch = await consumer.getmany(tp, timeout_ms=FETCH_MS)
            for record in batch.get(tp, []):
                if record.offset >= ends[tp]:
                    break
                letter = _letter(record)
                if wanted is None or letter.position in wanted:
                    found.append(letter)
    return found


def _letter(record: ConsumerRecord[bytes, bytes]) -> DeadLetter:
    headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
    return DeadLetter(
        topic=record.topic,
        position=Position(record.partition, record.offset),
        key=record.key.decode("utf-8", "replace") if record.key is not None else None,
        headers=headers,
        payload=record.value or b"",
    )


async def summarise(access: KafkaAccess, topics: Iterable[str]) -> list[Summary]:
    summaries = []
    async with _consumer(access) as consumer:
        for topic in topics:
            letters = await _read(consumer, await partitions_of(access, topic))
            summaries.append(
                Summary(
                    topic=topic,
                    count=len(letters),
                    reasons=Counter(letter.reason for letter in letters),
                    positions=[letter.position for letter in letters],
                )
            )
    return summaries


async def fetch(
    access: KafkaAccess, topic: str, positions: Iterable[Position] | None = None
) -> list[DeadLetter]:
    partitions = await partitions_of(access, topic)
    async with _consumer(access) as consumer:
        return await _read(consumer, partitions, set(positions) if positions is not None else None)


def replay_target(letter: DeadLetter, may_write: frozenset[str]) -> str:
    """The topic the record came from, if the operator may put it back there."""
    target = letter.original_topic
    if letter.topic != target + DEAD_LETTER_SUFFIX:
        raise CannotReplay(f"{letter.position}: headers name {target}, not {letter.topic}'s topic")
    return original_topic(letter.topic, may_write)


def original_topic(dead_letter_topic: str, may_write: frozenset[str]) -> str:
    """Where `dead_letter_topic`'s records go back to, if the operator may write there."""
    if not dead_letter_topic.endswith(DEAD_LETTER_SUFFIX):
        raise CannotReplay(f"{dead_letter_topic} is not a dead-letter topic")
    target = dead_letter_topic.removesuffix(DEAD_LETTER_SUFFIX)
    if sender_of(target) is not None:
        raise CannotReplay(
            f"{target} is a sender's own topic, which proves who sent a referral: the sender "
            "resends it (it reads its own dead letters)"
        )
    if target not in may_write:
        raise CannotReplay(f"the operator has no right to write {target}")
    return target


def replay_headers(letter: DeadLetter) -> list[tuple[str, bytes]]:
    """The original headers, `ce_id` and trace context included, without the dead-letter
    bookkeeping, plus where the replay came from."""
    kept = {k: v for k, v in letter.headers.items() if not k.startswith(DLQ_HEADER_PREFIX)}
    kept[REPLAY_HEADER] = f"{letter.topic}@{letter.position}"
    return [(name, value.encode("utf-8")) for name, value in kept.items()]


def operator_may_write(access: KafkaAccess) -> frozenset[str]:
    """What the table of bus rights lets this principal write (the broker enforces it too;
    checking first refuses a whole replay instead of failing half-way)."""
    return principal(access.username).writes if access.username else frozenset()


async def replay(
    access: KafkaAccess,
    letters: list[DeadLetter],
    on_sent: Callable[[DeadLetter], None] = lambda _letter: None,
) -> int:
    """Publishes each letter back to its topic (checked first, all or none), acks=all."""
    may_write = operator_may_write(access)
    targets = [replay_target(letter, may_write) for letter in letters]
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for letter, target in zip(letters, targets, strict=True):
            await producer.send_and_wait(
                target,
                letter.payload,
                key=letter.key.encode("utf-8") if letter.key is not None else None,
                headers=replay_headers(letter),
            )
            on_sent(letter)
    finally:
        await producer.stop()
    return len(letters)
