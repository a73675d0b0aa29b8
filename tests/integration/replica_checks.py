"""What the replica test reads back: the services' databases (cases, outboxes, deadlines) and
the topics (per-case order, dead letters), as plain data for its assertions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from aiokafka import TopicPartition
from fixtures.topic_probe import end_offsets, headers_of, records_since
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.kafka_access import KafkaAccess

Offsets = dict[TopicPartition, int]


async def rows(engine: AsyncEngine, statement: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).all())


async def count(engine: AsyncEngine, statement: Any) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def outbox_rows(engine: AsyncEngine, outbox: Table, keys: Iterable[str]) -> list[Any]:
    """(id, event_id, topic, message_key, event_type, published_at, parked_at) of `keys`."""
    wanted = list(keys)
    return await rows(
        engine,
        select(
            outbox.c.id,
            outbox.c.event_id,
            outbox.c.topic,
            outbox.c.message_key,
            outbox.c.event_type,
            outbox.c.published_at,
            outbox.c.parked_at,
        )
        .where(outbox.c.message_key.in_(wanted))
        .order_by(outbox.c.id),
    )


async def unsent(engine: AsyncEngine, outbox: Table) -> int:
    return await count(
        engine, select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
    )


def repeated(outbox: list[Any], event_type: str) -> dict[tuple[str, str], int]:
    """(case, topic) pairs with more than one row of `event_type`: a doubled effect."""
    counted = Counter(
        (row.message_key, row.topic) for row in outbox if row.event_type == event_type
    )
    return {pair: n for pair, n in counted.items() if n > 1}


def of_type(outbox: list[Any], event_type: str, topic: str) -> dict[str, list[str]]:
    """The event ids of `event_type` on `topic`, by case."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in outbox:
        if row.event_type == event_type and row.topic == topic:
            found[row.message_key].append(row.event_id)
    return found


def out_of_order(outbox: list[Any], topic: str, records: list[Any]) -> dict[str, Any]:
    """Cases whose events on `topic` (first arrival of each ce_id, in offset order; one case
    is one key, so one partition) are not in the order of their outbox rows. Each differing
    case shows both orders, the topic's as `ce_id ce_type ce_source` so a stranger names
    itself."""
    expected: dict[str, list[str]] = defaultdict(list)
    for row in outbox:
        if row.topic == topic:
            expected[row.message_key].append(row.event_id)
    seen: dict[str, list[str]] = defaultdict(list)
    described: dict[str, str] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        headers = headers_of(record)
        subject, event_id = headers.get("ce_subject", ""), headers.get("ce_id", "")
        if subject in expected and event_id not in seen[subject]:
            seen[subject].append(event_id)
            described[event_id] = " ".join(
                (event_id, headers.get("ce_type", "?"), headers.get("ce_source", "?"))
            )
    return {
        case: {"outbox": ids, "topic": [described[i] for i in seen.get(case, [])]}
        for case, ids in expected.items()
        if seen.get(case, []) != ids
    }


async def topic_positions(reader: KafkaAccess, names: Iterable[str]) -> Offsets:
    return await end_offsets(reader, names)


async def records_after(reader: KafkaAccess, since: Offsets, topic: str) -> list[Any]:
    return await records_since(reader, {tp: o for tp, o in since.items() if tp.topic == topic})


def dead_letter_topics(read: Iterable[str]) -> list[str]:
    return sorted({topics.dead_letter_topic(topic) for topic in read})
