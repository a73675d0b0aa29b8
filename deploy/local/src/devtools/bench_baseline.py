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
from typing import TYPE_CHECKING
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from konfliktrad_shared.envelope import SPEC_VERSION, decode_headers
from konfliktrad_shared.kafka_access import KafkaAccess

if TYPE_CHECKING:
    # An annotation only: devtools.bench runs this module, so a run-time import would be circular.
    from devtools.bench import Options

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


async def measure_baseline(access: KafkaAccess, options: Options) -> list[float]:
    """Seconds from the start of each send until the assigned consumer has the message."""
    await topic_partitions(access, BASELINE_TOPIC, create=True)
    arrivals: dict[str, asyncio.Future[float]] = {}

    async def receive(consumer: AIOKafkaConsumer) -> None:
        async for record in consumer:
            arrived = time.perf_counter()
            ce_id = decode_headers(record.headers).get("ce_id", "")
            waiting = arrivals.get(ce_id)
            if waiting is not None and not waiting.done():
                waiting.set_result(arrived)

    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all", enable_idempotence=True)
    await producer.start()
    try:
        async with assigned_consumer(access, BASELINE_TOPIC) as consumer:
            receiver = asyncio.create_task(receive(consumer))
            try:
                quiet_collector()
                samples = []
                loop = asyncio.get_running_loop()
                for i in range(options.baseline_warmup + options.baseline_samples):
                    ce_id = str(uuid4())
                    subject = str(uuid4())
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
                    arrivals[ce_id] = loop.create_future()
                    started = time.perf_counter()
                    acked = await producer.send(
                        BASELINE_TOPIC,
                        json.dumps({"case_id": subject, "n": i}).encode(),
                        key=subject.encode(),
                        headers=[(k, v.encode()) for k, v in headers.items()],
                    )
                    try:
                        arrived = await asyncio.wait_for(arrivals[ce_id], timeout=30)
                    finally:
                        del arrivals[ce_id]
                    await acked  # every message acknowledged before the next one starts
                    if i >= options.baseline_warmup:
                        samples.append(arrived - started)
                return samples
            finally:
                receiver.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await receiver
    finally:
        await producer.stop()
