"""Every principal against every topic of the suite, on the real secured broker.

Each cell is tried as a real client would: a produce for a write, a fetch for a read, an offset
commit in a consumer group for a join, an offset fetch for describing another's group. What
the table of bus rights grants must succeed and everything else must be refused by the
broker. The write probes carry no CloudEvents envelope, so a consumer that meets one parks it
as malformed and nothing acts on it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from konfliktrad_shared.bus_rights import Principal, principals, suite_topics
from konfliktrad_shared.kafka_access import KafkaAccess, SecurityProtocol

pytestmark = pytest.mark.integration

TIMEOUT_MS = 4000
# Long enough for a fetch response, refused or not, on an idle local broker.
FETCH_WAIT_MS = 400


@dataclass(frozen=True)
class Cell:
    principal: str
    resource: str
    operation: str
    granted: bool
    allowed: bool


@pytest.fixture(autouse=True)
def _quiet_refusals() -> Iterator[None]:
    # aiokafka logs every refusal at ERROR; here refusals are the expected outcome.
    logging.disable(logging.ERROR)
    yield
    logging.disable(logging.NOTSET)


def _by_table(p: Principal, topic: str, granted: frozenset[str]) -> bool:
    return topic in granted or any(topic.startswith(prefix) for prefix in p.topic_prefixes)


async def _succeeds(attempt: Callable[[], Awaitable[object]]) -> bool:
    try:
        await asyncio.wait_for(attempt(), TIMEOUT_MS / 1000 + 2)
    except (KafkaError, TimeoutError):
        return False
    return True


@asynccontextmanager
async def _started(client: AIOKafkaProducer | AIOKafkaConsumer) -> AsyncIterator[None]:
    await client.start()
    try:
        yield
    finally:
        await client.stop()


async def _writes(access: KafkaAccess, p: Principal) -> list[Cell]:
    producer = AIOKafkaProducer(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
    async with _started(producer):
        return [
            Cell(
                p.name,
                topic,
                "write",
                _by_table(p, topic, p.writes),
                await _succeeds(partial(producer.send_and_wait, topic, b"bus access probe")),
            )
            for topic in sorted(suite_topics())
        ]


async def _reads(access: KafkaAccess, p: Principal) -> list[Cell]:
    consumer = AIOKafkaConsumer(
        **access.aiokafka_options(), enable_auto_commit=False, request_timeout_ms=TIMEOUT_MS
    )
    async with _started(consumer):
        # The broker shows a client only the topics it has some right on; a writer sees its
        # topic too, so a visible topic still has to be fetched from.
        visible = await consumer.topics()
        cells = []
        for topic in sorted(suite_topics()):
            allowed = topic in visible and await _succeeds(partial(_fetch, consumer, topic))
            cells.append(Cell(p.name, topic, "read", _by_table(p, topic, p.reads), allowed))
        return cells


async def _fetch(consumer: AIOKafkaConsumer, topic: str) -> None:
    partition = TopicPartition(topic, 0)
    consumer.assign([partition])
    consumer.seek(partition, 0)
    # A refused fetch raises here; an allowed one returns records or nothing.
    for _ in range(2):
        await consumer.getmany(partition, timeout_ms=FETCH_WAIT_MS)


async def _groups(access: KafkaAccess, p: Principal, everyone: tuple[Principal, ...]) -> list[Cell]:
    cells = []
    readable = await _a_readable_topic(access, p)
    if readable:
        # Committing in a group needs the group right (and a topic the principal may read).
        partition = TopicPartition(readable, 0)
        for prefix in sorted({g for other in everyone for g in other.group_prefixes}):
            group = f"{prefix}-matrix-{uuid.uuid4().hex[:8]}"
            allowed = await _succeeds(partial(_commit_in_group, access, group, partition))
            cells.append(
                Cell(p.name, f"group {prefix}*", "join", prefix in p.group_prefixes, allowed)
            )
    else:
        assert not p.group_prefixes, f"{p.name} may join a group but read no topic"
    admin = AIOKafkaAdminClient(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
    await admin.start()
    try:
        allowed = await _succeeds(partial(admin.list_consumer_group_offsets, "referral"))
    finally:
        await admin.close()
    may_describe = p.describes_all_groups or "referral" in p.group_prefixes
    cells.append(Cell(p.name, "group referral", "describe", may_describe, allowed))
    return cells


async def _a_readable_topic(access: KafkaAccess, p: Principal) -> str | None:
    if p.reads:
        return sorted(p.reads)[0]
    for prefix in sorted(p.topic_prefixes):
        # Tooling reads only topics of its own making: make one, as it may.
        topic = f"{prefix}access-matrix"
        admin = AIOKafkaAdminClient(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
        await admin.start()
        try:
            if topic not in await admin.list_topics():
                await admin.create_topics([NewTopic(topic, 1, 1)])
        finally:
            await admin.close()
        return topic
    return None


async def _commit_in_group(access: KafkaAccess, group: str, partition: TopicPartition) -> None:
    consumer = AIOKafkaConsumer(
        **access.aiokafka_options(),
        group_id=group,
        enable_auto_commit=False,
        request_timeout_ms=TIMEOUT_MS,
    )
    async with _started(consumer):
        consumer.assign([partition])
        await consumer.commit({partition: 0})


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
        f" x {{write, read}} + consumer groups = {len(cells)} operations tried"
        f" ({granted} granted, {len(cells) - granted} to be refused)"
    )
    wrong = [cell for cell in cells if cell.granted != cell.allowed]
    assert not wrong, "\n".join(
        f"{c.principal} {c.operation} {c.resource}: "
        f"{'granted but refused' if c.granted else 'allowed but not granted'}"
        for c in wrong
    )


async def test_plaintext_no_credentials_and_a_wrong_password_are_refused(
    kafka_bootstrap: str,
) -> None:
    real = KafkaAccess.local("police-oslo", kafka_bootstrap)
    refused = {
        "PLAINTEXT": KafkaAccess(kafka_bootstrap, protocol=SecurityProtocol.PLAINTEXT),
        "wrong password": KafkaAccess(
            kafka_bootstrap, username="police-oslo", password="not-the-password", cafile=real.cafile
        ),
        "unknown user": KafkaAccess(
            kafka_bootstrap, username="somebody", password=real.password, cafile=real.cafile
        ),
    }
    for name, access in refused.items():
        producer = AIOKafkaProducer(**access.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
        assert not await _succeeds(producer.start), f"{name} was let in"
        await producer.stop()
    # TLS without SASL: the listener asks for SCRAM first.
    tls_only = AIOKafkaProducer(
        bootstrap_servers=real.servers,
        security_protocol="SSL",
        ssl_context=real.ssl_context(),
        request_timeout_ms=TIMEOUT_MS,
    )
    assert not await _succeeds(tls_only.start), "TLS without credentials was let in"
    await tls_only.stop()

    producer = AIOKafkaProducer(**real.aiokafka_options(), request_timeout_ms=TIMEOUT_MS)
    assert await _succeeds(producer.start), "the real credentials must connect"
    await producer.stop()
