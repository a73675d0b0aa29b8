"""The shared infrastructure fixtures give tests a working Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fixtures.bus import Bus
from fixtures.topic_probe import create_topic
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


async def round_trip(access: KafkaAccess, topic: str, group: str) -> tuple[bytes, bytes]:
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"hello", key=b"case-1")
    finally:
        await producer.stop()

    # A group consumer also exercises the group coordinator and __consumer_offsets.
    consumer = AIOKafkaConsumer(
        topic,
        **access.aiokafka_options(),
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout=60)
        await consumer.commit()
    finally:
        await consumer.stop()
    return record.key, record.value


async def test_kafka_round_trip_as_a_principal_over_sasl_ssl(bus: Bus) -> None:
    """`bench` may make, write and read topics (and groups) under its own prefix only."""
    bench = bus.access("bench")
    run = uuid.uuid4().hex[:8]
    topic = f"bench.smoke.{run}"
    await create_topic(bench, topic, partitions=1, replication_factor=1)

    assert await round_trip(bench, topic, f"bench-smoke-{run}") == (b"case-1", b"hello")


async def test_admin_makes_the_tests_own_topics(bus: Bus) -> None:
    run = uuid.uuid4().hex[:8]
    topic = f"devtools-smoke-{run}"
    await create_topic(bus.admin, topic, partitions=1, replication_factor=1)

    assert await round_trip(bus.admin, topic, f"devtools-smoke-{run}") == (b"case-1", b"hello")


async def test_fresh_database_is_empty_and_its_own(fresh_database: str) -> None:
    engine = create_async_engine(fresh_database)
    try:
        async with engine.connect() as connection:
            assert await connection.scalar(text("select 1")) == 1
            name = await connection.scalar(text("select current_database()"))
            tables = await connection.scalar(
                text("select count(*) from information_schema.tables where table_schema = 'public'")
            )
    finally:
        await engine.dispose()

    assert name == make_url(fresh_database).database
    assert tables == 0


def test_database_factory_gives_distinct_databases(database_factory: object) -> None:
    assert callable(database_factory)
    first, second = database_factory("a"), database_factory("a")
    assert make_url(first).database != make_url(second).database
