"""Every principal against every topic of the suite, on the real secured broker.

Each cell is tried as a real client would: a produce for a write, a fetch for a read, a group
join for a consumer group. What the table of bus rights grants must succeed, and everything
else must be refused by the broker. The write probes carry no CloudEvents envelope, so a
consumer that meets one parks it as malformed and nothing acts on it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from konfliktrad_shared.bus_rights import Principal, principals, suite_topics
from konfliktrad_shared.kafka_access import KafkaAccess, SecurityProtocol

pytestmark = pytest.mark.integration

TIMEOUT_MS = 4000


@dataclass(frozen=True)
class Cell:
    principal: str
    resource: str
    operation: str
    granted: bool
    allowed: bool


def _may_write(p: Principal, topic: str) -> bool:
    return topic in p.writes or any(topic.startswith(prefix) for prefix in p.topic_prefixes)


def _may_read(p: Principal, topic: str) -> bool:
    return topic in p.reads or any(topic.startswith(prefix) for prefix in p.topic_prefixes)


async def _succeeds(attempt: Callable[[], Awaitable[object]]) -> bool:
    try:
        await asyncio.wait_for(attempt(), TIMEOUT_MS / 1000 + 2)
    except (KafkaError, TimeoutError):
        return False
    return True


async def _writes(access: KafkaAccess, p: Principal) -> list[Cell]:
    cells = []
    for topic in sorted(suite_topics()):
        producer = AIOKafkaProducer(
            **access.aiokafka_options(), acks="all", request_timeout_ms=TIMEOUT_MS
        )
        await producer.start()
        try:
            allowed = await _succeeds(
                partial(
                    producer.send_and_wait,
                    topic,
                    b"bus access probe",
                    headers=[("probe", b"bus-access-matrix")],
                )
            )
        finally:
            await producer.stop()
        cells.append(Cell(p.name, topic, "write", _may_write(p, topic), allowed))
    return cells


async def _reads(access: KafkaAccess, p: Principal) -> list[Cell]:
    cells = []
    for topic in sorted(suite_topics()):
        consumer = AIOKafkaConsumer(
            **access.aiokafka_options(), enable_auto_commit=False, request_timeout_ms=TIMEOUT_MS
        )
        await consumer.start()
        try:
            allowed = await _succeeds(partial(_fetch, consumer, topic))
        finally:
            await consumer.stop()
        cells.append(Cell(p.name, topic, "read", _may_read(p, topic), allowed))
    return cells


async def _fetch(consumer: AIOKafkaConsumer, topic: str) -> None:
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, 0)
    # A refused fetch raises; an allowed one returns records or nothing.
    await consumer.getmany(partition, timeout_ms=500)
    await consumer.getmany(partition, timeout_ms=500)


async def _groups(access: KafkaAccess, p: Principal, everyone: tuple[Principal, ...]) -> list[Cell]:
    cells = []
    for other in everyone:
        for prefix in sorted(other.group_prefixes):
            group = f"{prefix}-matrix-{uuid.uuid4().hex[:8]}"
            allowed = await _succeeds(lambda group=group: _join(access, group))
            cells.append(
                Cell(p.name, f"group {prefix}*", "join", prefix in p.group_prefixes, allowed)
            )
    admin = AIOKafkaAdminClient(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
    await admin.start()
    try:
        allowed = await _succeeds(lambda: admin.list_consumer_group_offsets("referral"))
    finally:
        await admin.close()
    cells.append(
        Cell(
            p.name,
            "group referral",
            "describe",
            p.describes_all_groups or p.name == "referral",
            allowed,
        )
    )
    return cells


async def _join(access: KafkaAccess, group: str) -> None:
    consumer = AIOKafkaConsumer(
        **access.aiokafka_options(),
        group_id=group,
        enable_auto_commit=False,
        request_timeout_ms=TIMEOUT_MS,
    )
    await consumer.start()
    try:
        # Committing an offset for the group needs the group right.
        await consumer._client.bootstrap()
        await consumer.commit({TopicPartition("konfliktrad.prosecution.v1", 0): 0})
    finally:
        await consumer.stop()


async def test_every_principal_is_granted_exactly_what_the_table_says(kafka_bootstrap: str) -> None:
    everyone = principals()
    cells: list[Cell] = []
    for p in everyone:
        access = KafkaAccess.local(p.name, kafka_bootstrap)
        cells += await _writes(access, p)
        cells += await _reads(access, p)
        cells += await _groups(access, p, everyone)

    granted = sum(cell.granted for cell in cells)
    print(
        f"\nbus access matrix: {len(everyone)} principals x {len(suite_topics())} topics"
        f" x {{write, read}} + consumer groups = {len(cells)} operations"
        f" ({granted} granted, {len(cells) - granted} to be denied)"
    )
    wrong = [cell for cell in cells if cell.granted != cell.allowed]
    assert not wrong, "\n".join(
        f"{c.principal} {c.operation} {c.resource}: "
        f"{'granted but refused' if c.granted else 'allowed but not granted'}"
        for c in wrong
    )


async def test_plaintext_and_a_wrong_password_are_refused(kafka_bootstrap: str) -> None:
    real = KafkaAccess.local("police-oslo", kafka_bootstrap)
    plaintext = KafkaAccess(kafka_bootstrap, protocol=SecurityProtocol.PLAINTEXT)
    wrong_password = KafkaAccess(
        kafka_bootstrap, username="police-oslo", password="not-the-password", cafile=real.cafile
    )
    unknown_user = KafkaAccess(
        kafka_bootstrap, username="somebody", password=real.password, cafile=real.cafile
    )
    for access in (plaintext, wrong_password, unknown_user):
        producer = AIOKafkaProducer(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
        assert not await _succeeds(producer.start), f"{access} was let in"
        await producer.stop()

    producer = AIOKafkaProducer(**real.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
    assert await _succeeds(producer.start), "the real credentials must connect"
    await producer.stop()
