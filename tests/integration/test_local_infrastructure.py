"""The shared infrastructure fixtures give tests a working Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


async def test_kafka_round_trip_through_a_consumer_group(kafka_bootstrap: str) -> None:
    topic = f"devtools-smoke-{uuid.uuid4().hex[:8]}"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        # The topic is auto-created by this first send.
        await producer.send_and_wait(topic, b"hello", key=b"case-1")
    finally:
        await producer.stop()

    # A group consumer also exercises the group coordinator and __consumer_offsets.
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=f"devtools-smoke-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        record = await asyncio.wait_for(consumer.getone(), timeout=60)
        await consumer.commit()
    finally:
        await consumer.stop()

    assert (record.key, record.value) == (b"case-1", b"hello")


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
