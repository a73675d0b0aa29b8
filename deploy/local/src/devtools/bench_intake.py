"""Intake throughput: referrals from the senders' topics to "case opened" in mediation.

A batch of mediation transfers (a national year is about 7,500 cases) is put on the senders'
referral topics as fast as they can, each sender connected as itself and taking its share in
turn; the clock stops when mediation's consumer group has committed past the last of their
registrations on `referral.events.v1` — mediation commits an offset only after the
transaction that opened the case. The operator watches both. Beside it, the baseline: the
same number of messages of the same size through the same broker, produced and consumed by
raw aiokafka as the `bench` principal. The figures are cases per second, judged by nobody here.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from devtools.bench_baseline import assigned_consumer, topic_partitions
from devtools.bench_options import IntakeConfiguration
from devtools.kafka_groups import committed_offsets, end_offsets
from devtools.kafka_groups import topic_partitions as partitions_of
from devtools.suite_client import case_transferred, referral_envelope
from konfliktrad_shared.bus_rights import senders
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.kafka_access import KafkaAccess

REGISTERED = "no.konfliktraadet.referral.registered.v1"
BASELINE_TOPIC = "bench.throughput.v1"

Access = Callable[[str], KafkaAccess]  # a principal's name → how it connects


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

    @property
    def ratio(self) -> float:
        """How many times slower than raw aiokafka with the same messages in the same run."""
        return self.seconds / self.baseline_seconds


@dataclass(frozen=True)
class IntakeRun:
    """One configuration's intake: its figures, or why there are none (`note`)."""

    configuration: IntakeConfiguration
    figures: IntakeFigures | None = None
    note: str = ""


async def measure_intake(
    access: Access, mediation_group: str, cases: int, within: float | None = None
) -> IntakeFigures:
    """Raises TimeoutError when mediation has not opened every case `within` seconds of the
    first referral sent (a stage that stalls must not hold the run forever)."""
    baseline = await _raw_throughput(access("bench"), cases)
    operator = access("operator")
    prefix = f"INTAKE-{secrets.token_hex(3).upper()}-"
    since = await end_offsets(operator, await partitions_of(operator, topics.REFERRAL_EVENTS))
    started = time.monotonic()

    async def intake() -> None:
        await _send_referrals(access, prefix, cases)
        last = await _registrations(operator, since, prefix, cases)
        await _committed_past(operator, mediation_group, last)

    await asyncio.wait_for(intake(), within)
    return IntakeFigures(cases, time.monotonic() - started, baseline)


async def _send_referrals(access: Access, prefix: str, cases: int) -> None:
    """Every sender of the table sends its share at once, on its own connection."""
    names = [sender.name for sender in senders()]
    await asyncio.gather(
        *(
            _send_as(access(name), name, [f"{prefix}{n}" for n in range(i, cases, len(names))])
            for i, name in enumerate(names)
        )
    )


async def _send_as(access: KafkaAccess, sender: str, references: list[str]) -> None:
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all", linger_ms=5)
    await producer.start()
    try:
        sends = []
        for reference in references:
            referral = case_transferred(Reaction.MEDIATION, reference, sender)
            envelope = referral_envelope(referral, sender)
            sends.append(
                await producer.send(
                    topics.referrals_from(sender),
                    referral.model_dump_json().encode(),
                    key=referral.subject().encode(),
                    headers=[(k, v.encode()) for k, v in envelope.headers().items()],
                )
            )
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def _registrations(
    operator: KafkaAccess, since: dict[TopicPartition, int], prefix: str, cases: int
) -> dict[TopicPartition, int]:
    """Reads referral's topic until every case is registered: the offset after each
    partition's last registration of ours."""
    consumer = AIOKafkaConsumer(**operator.aiokafka_options(), enable_auto_commit=False)
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
                    if _reference(record.value).startswith(prefix):
                        seen += 1
                        last[partition] = record.offset + 1
        return last
    finally:
        await consumer.stop()


def _reference(value: bytes | None) -> str:
    """The sender reference a registration is about; "" for anything else, such as the
    poison other tests leave on the shared broker's topics."""
    try:
        registered = json.loads(value or b"")
    except ValueError:
        return ""
    reference = registered.get("sender_reference") if isinstance(registered, dict) else None
    return reference if isinstance(reference, str) else ""


async def _committed_past(
    operator: KafkaAccess, group: str, last: dict[TopicPartition, int]
) -> None:
    """Returns once the group has committed at or past `last` on every partition."""
    while True:
        done = await committed_offsets(operator, group)
        if all(done.get(tp, -1) >= end for tp, end in last.items()):
            return
        await asyncio.sleep(0.05)


async def _raw_throughput(bench: KafkaAccess, count: int) -> float:
    """Seconds for `count` referral-sized messages to be produced and consumed, raw."""
    payload = case_transferred(Reaction.MEDIATION, "BASELINE").model_dump_json().encode()
    await topic_partitions(bench, BASELINE_TOPIC, create=True)
    producer = AIOKafkaProducer(**bench.aiokafka_options(), acks="all", linger_ms=5)
    await producer.start()
    try:
        async with assigned_consumer(bench, BASELINE_TOPIC) as consumer:
            started = time.monotonic()
            await asyncio.gather(
                *[await producer.send(BASELINE_TOPIC, payload) for _ in range(count)]
            )
            received = 0
            while received < count:
                batches = await consumer.getmany(timeout_ms=500, max_records=5000)
                received += sum(len(records) for records in batches.values())
            return time.monotonic() - started
    finally:
        await producer.stop()
