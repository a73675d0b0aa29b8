"""The batch subscriber takes a record the moment it arrives, also right after an idle poll,
and an empty answer that came early does not make its loop a busy one."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiokafka import TopicPartition
from faststream.kafka import KafkaBroker
from faststream.kafka.subscriber.usecase import BatchSubscriber

from konfliktrad_shared.prompt_batches import PromptBatchSubscriber, prompt

PARTITION = TopicPartition("t", 0)


class ArrivingLater:
    """`getmany` as aiokafka answers it: the records as soon as there are any, else {} once
    the timeout ran out."""

    def __init__(self) -> None:
        self.records: list[str] = []
        self.arrived = asyncio.Event()
        self.polls = 0

    def arrive(self, record: str) -> None:
        self.records.append(record)
        self.arrived.set()

    async def getmany(self, *, timeout_ms: int, max_records: int | None) -> dict[Any, list[str]]:
        self.polls += 1
        if not self.records:
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout_ms / 1000)
            except TimeoutError:
                return {}
        taken, self.records = self.records, []
        self.arrived.clear()
        return {PARTITION: taken}


def batch_subscriber(timeout_ms: int) -> Any:
    broker = KafkaBroker()
    return broker.subscriber("t", group_id="g", batch=True, batch_timeout_ms=timeout_ms)


async def test_a_record_arriving_after_an_empty_poll_is_taken_at_once() -> None:
    subscriber = prompt(batch_subscriber(timeout_ms=50))
    consumer = ArrivingLater()

    async def consume_loop() -> tuple[str, ...]:
        while not (records := await subscriber.get_msg(consumer)):
            pass
        return records

    consuming = asyncio.create_task(consume_loop())
    # Just after the first poll came back empty: FastStream's own subscriber naps 50 ms here.
    await asyncio.sleep(0.055)
    arrived_at = time.monotonic()
    consumer.arrive("r1")
    assert await consuming == ("r1",)
    assert time.monotonic() - arrived_at < 0.03


async def test_an_early_empty_answer_waits_out_the_rest_of_the_timeout() -> None:
    subscriber = prompt(batch_subscriber(timeout_ms=50))

    class EmptyAtOnce:
        polls = 0

        async def getmany(self, **_: Any) -> dict[Any, list[str]]:
            self.polls += 1
            return {}

    consumer = EmptyAtOnce()
    started = time.monotonic()
    while time.monotonic() - started < 0.2:
        assert await subscriber.get_msg(consumer) == ()
    assert consumer.polls <= 5  # one poll per timeout, not a spin


def test_only_fastStreams_batch_subscriber_is_turned_prompt() -> None:
    subscriber = batch_subscriber(timeout_ms=50)
    assert type(subscriber) is BatchSubscriber  # what the override is written against
    assert isinstance(prompt(subscriber), PromptBatchSubscriber)
    with pytest.raises(TypeError):
        prompt(KafkaBroker().subscriber("t", group_id="g"))
