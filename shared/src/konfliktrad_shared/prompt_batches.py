"""FastStream's Kafka batch subscriber without its nap after an empty poll.

FastStream's `BatchSubscriber.get_msg` waits up to `batch_timeout_ms` for records and, when
none came, sleeps as long again before it polls anew: a record that arrives during that
sleep waits for it (up to `batch_timeout_ms`, on every hop of a message's path). aiokafka's
`getmany` already returns as soon as any record is there and otherwise waits out its timeout,
so the poll itself is the idle wait and the sleep only adds latency.

FastStream (0.7) offers no option or hook for this, and `KafkaBroker.subscriber` builds the
subscriber itself, so `prompt` turns the subscriber it built into this subclass, which
overrides `get_msg` alone. It is done here only; `tests/unit/test_prompt_batches.py` fails
should a FastStream upgrade change what is overridden.
"""

from __future__ import annotations

import time
from itertools import chain
from typing import TYPE_CHECKING, Any

import anyio
from faststream.kafka.subscriber.usecase import BatchSubscriber

if TYPE_CHECKING:
    from aiokafka import AIOKafkaConsumer, ConsumerRecord


class PromptBatchSubscriber(BatchSubscriber):
    """Polls again at once after an empty poll that waited its full timeout."""

    __slots__ = ()

    async def get_msg(self, consumer: AIOKafkaConsumer) -> tuple[ConsumerRecord[Any, Any], ...]:
        timeout = self.batch_timeout_ms / 1000
        polled_at = time.monotonic()
        batches = await consumer.getmany(
            timeout_ms=self.batch_timeout_ms, max_records=self.max_records
        )
        if not batches:
            # An empty answer before the timeout (the consumer between assignments, say)
            # must not turn the loop into a busy one: the rest of the timeout is waited.
            rest = timeout - (time.monotonic() - polled_at)
            if rest > 0:
                await anyio.sleep(rest)
            return ()
        return tuple(chain.from_iterable(batches.values()))


def prompt(subscriber: Any) -> PromptBatchSubscriber:
    """The batch subscriber `KafkaBroker.subscriber(..., batch=True)` returned, as a
    `PromptBatchSubscriber` (same object, same state; only `get_msg` differs)."""
    if type(subscriber) is not BatchSubscriber:
        raise TypeError(f"expected FastStream's BatchSubscriber, got {type(subscriber).__name__}")
    subscriber.__class__ = PromptBatchSubscriber
    assert isinstance(subscriber, PromptBatchSubscriber)
    return subscriber
