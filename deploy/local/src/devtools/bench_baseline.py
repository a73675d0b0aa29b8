"""The benchmark's baseline: the raw aiokafka produce → consume round trip, as the `bench`
principal on a topic of its own. The Kafka plumbing it measures with (the consumer assigned
at a topic's end) also observes the escalations in `bench_escalations`, as the operator."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from devtools.bench_options import Options
from konfliktrad_shared.envelope import SPEC_VERSION, decode_headers
from konfliktrad_shared.kafka_access import KafkaAccess

# Under the `bench.` prefix, the only topics the bench principal may create, write and read.
BASELINE_TOPIC = "bench.roundtrip.v1"


def quiet_collector() -> None:
    """Keep the benchmark's own garbage collector out of what it times: a full collection
    walks every object imported so far (~100 ms here); frozen ones are skipped."""
    gc.collect()
    gc.freeze()


async def topic_partitions(access: KafkaAccess, topic: str, *, create: bool = False) -> list[int]:
    """The partitions of `topic`; with `create`, made first if missing, shaped like the
    suite's own topics (three partitions)."""
    admin = AIOKafkaAdminClient(**access.aiokafka_options())
    await admin.start()
    try:
        if create and topic not in set(await admin.list_topics()):
            brokers = len((await admin.describe_cluster())["brokers"])
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [NewTopic(topic, num_partitions=3, replication_factor=min(3, brokers))]
                )
        deadline = time.monotonic() + 30
        while True:
            (described,) = await admin.describe_topics([topic])
            partitions = sorted(p["partition"] for p in described["partitions"])
            if described["error_code"] == 0 and partitions:
                return partitions
            if time.monotonic() > deadline:
                raise RuntimeError(f"topic {topic} has no partitions")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def assigned_consumer(access: KafkaAccess, topic: str) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer assigned to every partition of `topic` (no group), positioned at its end."""
    partitions = await topic_partitions(access, topic)
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        assignment = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(assignment)
        await consumer.seek_to_end(*assignment)
        for tp in assignment:
            await consumer.position(tp)  # resolve the end offset now, not at the first fetch
        yield consumer
    finally:
        await consumer.stop()


class RoundTrips:
    """One producer and one consumer assigned at the end of the baseline topic; `once` times
    a message from the start of its send until the consumer has it."""

    def __init__(self, access: KafkaAccess) -> None:
        self._access = access
        self._arrivals: dict[str, asyncio.Future[float]] = {}
        self._stack = contextlib.AsyncExitStack()
        self._producer = AIOKafkaProducer(
            **access.aiokafka_options(), acks="all", enable_idempotence=True
        )

    async def __aenter__(self) -> RoundTrips:
        await topic_partitions(self._access, BASELINE_TOPIC, create=True)
        await self._producer.start()
        self._stack.push_async_callback(self._producer.stop)
        consumer = await self._stack.enter_async_context(
            assigned_consumer(self._access, BASELINE_TOPIC)
        )
        receiver = asyncio.create_task(self._receive(consumer))
        self._stack.push_async_callback(_cancelled, receiver)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._stack.aclose()

    async def _receive(self, consumer: AIOKafkaConsumer) -> None:
        async for record in consumer:
            arrived = time.perf_counter()
            ce_id = decode_headers(record.headers).get("ce_id", "")
            waiting = self._arrivals.get(ce_id)
            if waiting is not None and not waiting.done():
                waiting.set_result(arrived)

    async def once(self, n: int) -> float:
        ce_id, subject = str(uuid4()), str(uuid4())
        headers = {
            "ce_id": ce_id,
            "ce_type": "no.konfliktraadet.bench.ping.v1",
            "ce_source": "urn:konfliktrad:bench",
            "ce_specversion": SPEC_VERSION,
            "ce_time": datetime.now(UTC).isoformat(),
            "ce_subject": subject,
            "content-type": "application/json",
            "traceparent": f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01",
        }
        self._arrivals[ce_id] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        acked = await self._producer.send(
            BASELINE_TOPIC,
            json.dumps({"case_id": subject, "n": n}).encode(),
            key=subject.encode(),
            headers=[(k, v.encode()) for k, v in headers.items()],
        )
        try:
            arrived = await asyncio.wait_for(self._arrivals[ce_id], timeout=30)
        finally:
            del self._arrivals[ce_id]
        await acked  # every message acknowledged before the next one starts
        return arrived - started

    async def burst(self, count: int) -> None:
        """`count` messages at once, acknowledged; the consumer reads them and times none."""
        payload = json.dumps({"case_id": str(uuid4()), "n": -1}).encode()
        sends = [await self._producer.send(BASELINE_TOPIC, payload) for _ in range(count)]
        await asyncio.gather(*sends)


async def warm_up(access: KafkaAccess, options: Options) -> None:
    """A JVM runs a freshly started broker's hot paths interpreted until it has compiled
    them: traffic first, so the figures measure the broker and not its warm-up (and a broker
    that served the developer's work all day is not compared with one started a minute ago)."""
    async with RoundTrips(access) as trips:
        for n in range(options.broker_warmup):
            await trips.once(n)
        for _ in range(10):
            await trips.burst(options.broker_warmup)


async def _cancelled(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def measure_baseline(access: KafkaAccess, options: Options) -> list[float]:
    """Seconds from the start of each send until the assigned consumer has the message."""
    async with RoundTrips(access) as trips:
        quiet_collector()
        timed = [
            await trips.once(n) for n in range(options.baseline_warmup + options.baseline_samples)
        ]
    return timed[options.baseline_warmup :]


async def measure_interleaved(
    first: KafkaAccess, second: KafkaAccess, options: Options
) -> tuple[list[float], list[float]]:
    """The baseline on two brokers at once, one round trip on each in turn: whatever else
    the machine does meanwhile weighs on both alike."""
    async with RoundTrips(first) as on_first, RoundTrips(second) as on_second:
        quiet_collector()
        pairs = [
            (await on_first.once(n), await on_second.once(n))
            for n in range(options.baseline_warmup + options.baseline_samples)
        ][options.baseline_warmup :]
    return [a for a, _ in pairs], [b for _, b in pairs]
