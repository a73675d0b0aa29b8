"""Batches on the real broker and PostgreSQL: what the broker has is handled in one
transaction and its offsets committed once per batch; a message whose handler fails takes the
batch to one message at a time, so it is retried to the bound and dead-lettered as before,
while the others in the batch commit.

The consumer is the suite's own (the assembler's `TopicConsumer` through `subscribe_batches`,
on a `create_broker` broker, over `MessageBus.handle_batch`); the topic and its dead-letter
topic are the test's own, so it runs as `admin`.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from batch_notes import LedgerOutOfStep, Noted, notes_service
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    cloud_event_headers,
    committed_offsets,
    create_topic,
    eventually_true,
    headers_of,
    topic_records,
)

from konfliktrad_shared.batch_consumption import subscribe_batches
from konfliktrad_shared.consumer_retries import HandlerRetries
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.messaging import create_broker
from konfliktrad_shared.telemetry import setup_telemetry

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

ATTEMPTS = 3
FAILING = 13
CASES = ("case-a", "case-b")


async def test_a_batch_commits_around_a_failing_message_and_its_offsets_once(
    bus: Bus, database_factory: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = f"reliability.batches.{uuid4().hex[:8]}"
    await create_topic(bus.admin, topic, partitions=2, replication_factor=1)
    await create_topic(bus.admin, dead_letter_topic(topic), partitions=1, replication_factor=1)
    offset_commits = _count_offset_commits(monkeypatch)
    notes = await notes_service(database_factory("consumer_batches"))
    notes.failing = {FAILING}
    client_id = f"batches-{uuid4().hex[:6]}"
    broker = create_broker(
        bus.admin, client_id=client_id, telemetry=setup_telemetry(client_id, None)
    )
    subscribe_batches(
        broker,
        notes.consumer(broker, topic),
        group_id=client_id,
        handle_commands=notes.handle_batch,
        max_records=200,
        retries=HandlerRetries(
            max_attempts=ATTEMPTS, first_backoff_seconds=0.1, max_backoff_seconds=0.2
        ),
    )
    await _send(bus, topic, range(40))
    await broker.start()
    try:
        expected = [n for n in range(40) if n != FAILING]

        async def all_but_the_failing_one() -> bool:
            return sorted(await notes.recorded()) == expected

        await eventually_true(all_but_the_failing_one, "the messages around the failing one", 90)
        [dead] = await topic_records(bus.admin, dead_letter_topic(topic))
        commits_before, batches_before = offset_commits["n"], len(notes.batch_sizes)
        await _send(bus, topic, range(100, 300), burst=True)

        async def the_second_wave() -> bool:
            return len(await notes.recorded()) == len(expected) + 200

        await eventually_true(the_second_wave, "the second wave", 90)
        await asyncio.sleep(1.0)  # nothing more may come of the failing one
        second_wave_commits = offset_commits["n"] - commits_before
        second_wave_batches = notes.batch_sizes[batches_before:]
    finally:
        await broker.stop()

    assert Counter(notes.tried)[FAILING] >= ATTEMPTS, "tried alone up to the bound"
    headers = headers_of(dead)
    assert headers["dlq_reason"] == "handler_error"
    assert f"{LedgerOutOfStep.__qualname__} after {ATTEMPTS} attempts" in headers["dlq_error"]
    assert Noted.model_validate_json(dead.value).n == FAILING, "the original bytes"
    recorded = await notes.recorded_of_cases()
    assert len(recorded) == len({n for _, n in recorded}), "no message recorded twice"
    for case in CASES:
        mine = [n for case_id, n in recorded if case_id == case]
        assert mine == sorted(mine), f"{case}'s messages in their order"
    chain = await notes.audit_chain()
    assert chain.intact, chain.reason
    assert chain.count == len(recorded), "one audit entry per command"
    assert sum(second_wave_batches) == 200, second_wave_batches
    assert second_wave_commits == len(second_wave_batches), "one offset commit per batch"
    assert max(second_wave_batches) > 20, f"handled together: {second_wave_batches}"
    committed = await committed_offsets(bus.admin, client_id)
    assert sum(committed[TopicPartition(topic, p)] for p in (0, 1)) == 240, committed


async def _send(bus: Bus, topic: str, numbers: range, *, burst: bool = False) -> None:
    """One at a time, or all sent before the first acknowledgement is awaited."""
    producer = AIOKafkaProducer(**bus.admin.aiokafka_options(), acks="all")
    await producer.start()
    try:
        sent = []
        for n in numbers:
            case = CASES[n % 2]
            headers = cloud_event_headers(Noted.event_type, case)
            sending = await producer.send(
                topic,
                Noted(case_id=case, n=n).model_dump_json().encode(),
                key=case.encode(),
                partition=n % 2,  # one case per partition, both partitions in each batch
                headers=[(name, text.encode()) for name, text in headers.items()],
            )
            if not burst:
                await sending
            sent.append(sending)
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


def _count_offset_commits(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counted = {"n": 0}
    commit = AIOKafkaConsumer.commit

    async def counting(self: AIOKafkaConsumer, *args: Any, **kwargs: Any) -> None:
        counted["n"] += 1
        await commit(self, *args, **kwargs)

    monkeypatch.setattr(AIOKafkaConsumer, "commit", counting)
    return counted
