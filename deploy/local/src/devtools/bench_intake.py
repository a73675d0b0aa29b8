"""Intake throughput: referrals from `konfliktrad.referrals.v1` to "case opened" in mediation.

A batch of mediation transfers (a national year is about 7,500 cases) is put on the referrals
topic as fast as one producer can; the clock stops when mediation's consumer group has
committed past the last of their registrations on `referral.events.v1` — mediation commits an
offset only after the transaction that opened the case. Beside it, the baseline: the same
number of messages of the same size through the same broker, produced and consumed by raw
aiokafka. The figures are cases per second, judged by nobody here.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from devtools.kafka_groups import committed_offsets, end_offsets, topic_partitions
from devtools.suite_client import case_transferred
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.envelope import Envelope

REGISTERED = "no.konfliktraadet.referral.registered.v1"
BASELINE_TOPIC = "devtools.bench.throughput"


@dataclass(frozen=True)
class IntakeFigures:
    cases: int
    seconds: float
    baseline_seconds: float

    @property
    def per_second(self) -> float:
        return self.cases / self.seconds

    @property
    def baseline_per_second(self) -> float:
        return self.cases / self.baseline_seconds


async def measure_intake(bootstrap: str, mediation_group: str, cases: int) -> IntakeFigures:
    baseline = await _raw_throughput(bootstrap, cases)
    prefix = f"INTAKE-{secrets.token_hex(3).upper()}-"
    since = await end_offsets(bootstrap, await topic_partitions(bootstrap, topics.REFERRAL_EVENTS))
    started = time.monotonic()
    await _send_referrals(bootstrap, prefix, cases)
    last = await _registrations(bootstrap, since, prefix, cases)
    await _committed_past(bootstrap, mediation_group, last)
    return IntakeFigures(cases, time.monotonic() - started, baseline)


async def _send_referrals(bootstrap: str, prefix: str, cases: int) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        sends = []
        for number in range(cases):
            referral = case_transferred(Reaction.MEDIATION, f"{prefix}{number}")
            envelope = Envelope(
                id=str(uuid4()),
                type=referral.event_type,
                source="urn:konfliktrad:devtools:bench",
                time=datetime.now(UTC),
                subject=referral.subject(),
            )
            sends.append(
                await producer.send(
                    topics.REFERRALS,
                    referral.model_dump_json().encode(),
                    key=referral.subject().encode(),
                    headers=[(k, v.encode()) for k, v in envelope.headers().items()],
                )
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def _registrations(
    bootstrap: str, since: dict[TopicPartition, int], prefix: str, cases: int
) -> dict[TopicPartition, int]:
    """Reads referral's topic until every case is registered: the offset after each
    partition's last registration of ours."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(list(since))
        for partition, offset in since.items():
            consumer.seek(partition, offset)
        last: dict[TopicPartition, int] = {}
        seen = 0
        while seen < cases:
            batches = await consumer.getmany(timeout_ms=500)
            for partition, records in batches.items():
                for record in records:
                    headers = dict(record.headers or ())
                    if headers.get("ce_type") != REGISTERED.encode():
                        continue
                    if json.loads(record.value).get("sender_reference", "").startswith(prefix):
                        seen += 1
                        last[partition] = record.offset + 1
        return last
    finally:
        await consumer.stop()


async def _committed_past(bootstrap: str, group: str, last: dict[TopicPartition, int]) -> None:
    """Returns once the group has committed at or past `last` on every partition."""
    while True:
        done = await committed_offsets(bootstrap, group)
        if all(done.get(tp, -1) >= end for tp, end in last.items()):
            return
        await asyncio.sleep(0.05)


async def _raw_throughput(bootstrap: str, count: int) -> float:
    """Seconds for `count` referral-sized messages to be produced and consumed, raw."""
    payload = case_transferred(Reaction.MEDIATION, "BASELINE").model_dump_json().encode()
    topic = f"{BASELINE_TOPIC}.{secrets.token_hex(3)}"
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    await producer.send_and_wait(topic, b"warm-up")  # creates the topic
    await consumer.start()
    try:
        await consumer.getmany(timeout_ms=2000)
        started = time.monotonic()
        await asyncio.gather(*[await producer.send(topic, payload) for _ in range(count)])
        received = 0
        while received < count:
            batches = await consumer.getmany(timeout_ms=500, max_records=5000)
            received += sum(len(records) for records in batches.values())
        return time.monotonic() - started
    finally:
        await producer.stop()
        await consumer.stop()
