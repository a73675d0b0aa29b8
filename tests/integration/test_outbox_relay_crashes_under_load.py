"""The outbox relay SIGKILLed again and again while cases keep writing: every event published
at least once, its effect at the consumer exactly once, and each case's events in order.

300 rejected referrals for 20 cases are written to a real outbox on PostgreSQL (the rows the
suite's unit of work writes, with its NOTIFY), in small transactions while the relay works.
The relay is the suite's own loop and Kafka publisher in its own OS process
(relay_crashes_child.py), publishing to the prosecution's topic as referral's principal, and it
is killed six times: from inside with the rows claimed and nothing sent, with half
a batch acknowledged, with a whole batch acknowledged but not marked sent, and from outside at
a random moment. The consumer is the prosecution adapter (its own process, on its own
database) forwarding to a stand-in of the prosecution's inbox that counts every POST.

The randomness (how many events each transaction writes, for which case, where each crash
falls) comes from one seed, printed first: set KONFLIKTRAD_RELAY_CRASH_SEED to replay it.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from adapter_process import (
    AGENCY_ROWS,
    CONSUMER,
    Adapter,
    adapter_database,
    adapter_env,
    adapter_group,
    handled,
)
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    Offsets,
    end_offsets,
    eventually_true,
    free_port,
    headers_of,
    records_since,
    start_group_at,
)
from outbox_harness import Outbox, outbox_on
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import notification.bootstrap
from devtools.standins import running_standins
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.outbox import NOTIFY_CHANNEL, OutgoingEvent, outbox_row
from notification.adapters import orm as notification_orm

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(300)]

CHILD = Path(__file__).with_name("relay_crashes_child.py")
SEED_ENV = "KONFLIKTRAD_RELAY_CRASH_SEED"
EVENTS, CASES = 300, 20
# Each way of dying at least once, then chance; the order is the seed's.
CRASHES = ("before_publish", "mid_batch", "after_ack", "outside", "after_ack", "outside")
EXTRA_CRASHES = 0
PUBLISHER = "referral"  # who writes rejections to the prosecution's topic


@dataclass
class Cases:
    """What was written, per case in the order its transactions committed."""

    names: list[str]
    rng: random.Random
    order: dict[str, list[str]] = field(default_factory=dict)  # case -> event ids
    case_of: dict[str, str] = field(default_factory=dict)  # event id -> case

    async def write(self, outbox: Outbox, events: int) -> None:
        """`events` more, in transactions of 1-3 events of one case, a few ms apart."""
        while events > 0:
            case = self.rng.choice(self.names)
            count = min(events, self.rng.randint(1, 3))
            rows = [self._row(case) for _ in range(count)]
            async with outbox.engine.begin() as connection:
                await connection.execute(insert(outbox.tables.outbox), rows)
                await connection.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
            for row in rows:
                self.order.setdefault(case, []).append(row["event_id"])
                self.case_of[row["event_id"]] = case
            events -= count
            await asyncio.sleep(self.rng.uniform(0, 0.02))

    def _row(self, case: str) -> dict[str, Any]:
        number = len(self.order.get(case, []))
        rejected = referral.ReferralRejected(
            case_id=case,
            sender_reference=f"{case}-{number}",
            office="konfliktradet-oslo",
            legal_basis="konfliktrådsloven §11 first para",
            reason="the offender has not consented",
            rejected_at=datetime.now(UTC),
        )
        outgoing = OutgoingEvent(topics.PROSECUTION, rejected)
        return outbox_row(outgoing, source="urn:konfliktrad:referral", now=datetime.now(UTC))


async def test_relay_killed_again_and_again_under_load_publishes_all_and_effects_once(
    bus: Bus, database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    seed = int(os.environ.get(SEED_ENV) or random.randrange(2**32))
    print(f"\nrelay crashes under load: seed {seed} (replay: {SEED_ENV}={seed})")
    crash_rng = random.Random(seed)
    plan = [*CRASHES, *crash_rng.choices(CRASHES, k=EXTRA_CRASHES)]
    crash_rng.shuffle(plan)
    run = uuid4().hex[:8]
    cases = Cases([f"relay-crash-{run}-{n:02d}" for n in range(CASES)], random.Random(seed + 1))

    start = await end_offsets(bus.operator, [topics.PROSECUTION])
    group = adapter_group("relay-crashes")
    await start_group_at(bus.service(CONSUMER), group, start)
    adapter_url = database_factory("relay_crashes_prosecution_adapter")
    await asyncio.to_thread(upgrade_to_head, notification.bootstrap.MIGRATIONS, adapter_url)
    inbox_port = free_port()
    relay_env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bus.bootstrap,
        "RELAY_CRASH_KAFKA_USERNAME": bus.service(PUBLISHER).username,
        "RELAY_CRASH_KAFKA_PASSWORD_FILE": str(bus.password_file(bus.service(PUBLISHER).username)),
        "RELAY_CRASH_KAFKA_CAFILE": str(bus.cafile),
    }
    relay_log = tmp_path / "relay.log"
    report: list[str] = []
    chunk = EVENTS // (len(plan) + 1)
    started = time.monotonic()
    async with (
        outbox_on(database_factory("relay_crashes_outbox"), topics.PROSECUTION) as outbox,
        running_standins(
            smtp_port=free_port(), prosecution_port=inbox_port, correctional_port=free_port()
        ) as standins,
        adapter_database(adapter_url) as adapter_engine,
    ):
        adapter_env_ = adapter_env(bus, adapter_url, group, inbox_port, tmp_path / "keys")
        adapter = Adapter(adapter_env_, tmp_path / "prosecution_adapter.log")
        await adapter.start()
        healthy: asyncio.subprocess.Process | None = None
        try:
            for how in plan:
                call = crash_rng.randint(1, 3)
                relay = await start_relay(outbox.url, how, call, relay_env, relay_log)
                writing = asyncio.create_task(cases.write(outbox, chunk))
                if how == "outside":
                    await asyncio.sleep(crash_rng.uniform(0.05, 0.8))
                    relay.send_signal(signal.SIGKILL)
                await writing
                code = await until_dead(relay, lambda: cases.write(outbox, 3))
                assert code == -signal.SIGKILL, f"{how}: {code} (seed {seed}) {tail(relay_log)}"
                # At least once: no row is marked sent that the broker does not hold.
                marked, pending = await outbox_state(outbox)
                on_topic = Counter(await our_records(bus, start, cases.case_of))
                unpublished = marked - set(on_topic)
                assert not unpublished, (
                    f"after {how}: {len(unpublished)} rows marked sent never reached the "
                    f"topic: lost (seed {seed})"
                )
                at = time.monotonic() - started
                report.append(f"{how}@{call}: {len(marked)} sent, {len(pending)} left, {at:.0f}s")

            healthy = await start_relay(outbox.url, "healthy", 0, relay_env, relay_log)
            await cases.write(outbox, max(0, EVENTS - len(cases.case_of)))
            written = len(cases.case_of)

            async def all_marked() -> bool:
                marked, pending = await outbox_state(outbox)
                return not pending and len(marked) == written

            await eventually_true(all_marked, f"the last relay to send every row (seed {seed})", 60)
            ours = set(cases.case_of)

            async def all_handled() -> bool:
                return await handled(adapter_engine, ours) == ours

            await eventually_true(all_handled, f"the adapter to handle all (seed {seed})", 90)
            await eventually_true(
                lambda: received_all(standins.prosecution.received_counts(), ours),
                f"every delivery at the prosecution's inbox (seed {seed})",
                60,
            )
            await asyncio.sleep(2)  # a duplicate POST, were there one, would arrive by now
            queued = await queued_in_order(adapter_engine, ours)
            received = standins.prosecution.received_counts()
            on_topic_records = await our_records(bus, start, cases.case_of)
        finally:
            if healthy is not None and healthy.returncode is None:
                healthy.send_signal(signal.SIGTERM)
                await asyncio.wait_for(healthy.wait(), timeout=20)
            await adapter.stop()

    on_topic = Counter(on_topic_records)
    took = time.monotonic() - started
    missing = ours - set(on_topic)
    assert not missing, f"{len(missing)} events never published (seed {seed})"
    copies = sum(on_topic.values()) - len(ours)
    acked_then_killed = sum(1 for how in plan if how in ("mid_batch", "after_ack"))
    assert copies >= acked_then_killed, "each kill after an acknowledgement leaves a copy"
    # Per-case order on the topic: each event's first copy after the earlier events' first.
    assert first_copies_by_case(on_topic_records, cases.case_of) == cases.order, (
        f"a case's events reached the topic out of order (seed {seed})"
    )
    # At the consumer: handled once (its inbox absorbed every copy), queued once, in order.
    assert Counter(queued) == Counter(ours), f"queued other than once each (seed {seed})"
    assert by_case(queued, cases.case_of) == cases.order, f"queued out of order (seed {seed})"
    twice = {event_id: n for event_id, n in received.items() if event_id in ours and n != 1}
    assert twice == {}, f"the prosecution was told {len(twice)} events more than once"
    print(
        f"relay crashes under load: {len(ours)} events over {CASES} cases, {len(plan)} SIGKILLs"
        f" ({'; '.join(report)}) in {took:.0f}s; on the topic {sum(on_topic.values())} records"
        f" ({copies} republished copies), every event at least once, per-case order kept;"
        f" the adapter queued each once in order and the prosecution received each once"
    )


async def start_relay(
    database_url: str, how: str, call: int, env: dict[str, str], log: Path
) -> asyncio.subprocess.Process:
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(CHILD), database_url, how, str(call),
            env=env, stdout=asyncio.subprocess.PIPE, stderr=stderr,
        )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    assert line.strip() == b"relaying", f"the relay did not start: {line!r} {tail(log)}"
    return process


async def until_dead(relay: asyncio.subprocess.Process, write_more: Any) -> int | None:
    """The relay's exit code once it died. A relay to die at its n-th batch that has sent
    everything before getting there is given a few more events at a time until it does."""
    for _ in range(30):
        try:
            return await asyncio.wait_for(relay.wait(), timeout=2)
        except TimeoutError:
            await write_more()
    relay.send_signal(signal.SIGKILL)
    await relay.wait()
    return None


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


async def outbox_state(outbox: Outbox) -> tuple[set[str], set[str]]:
    """Event ids of the rows marked sent, and of those still pending."""
    table = outbox.tables.outbox
    async with outbox.engine.connect() as connection:
        rows = (await connection.execute(select(table.c.event_id, table.c.published_at))).all()
    marked = {row.event_id for row in rows if row.published_at is not None}
    return marked, {row.event_id for row in rows if row.published_at is None}


async def our_records(bus: Bus, start: Offsets, ours: dict[str, str]) -> list[str]:
    """The `ce_id` of every record of ours on the prosecution's topic, copies included, in
    partition and offset order."""
    records = await records_since(bus.operator, start, timeout=60)
    records.sort(key=lambda record: (record.partition, record.offset))
    ce_ids = [headers_of(record).get("ce_id", "") for record in records]
    return [ce_id for ce_id in ce_ids if ce_id in ours]


def first_copies_by_case(ce_ids: list[str], case_of: dict[str, str]) -> dict[str, list[str]]:
    seen: set[str] = set()
    firsts = []
    for ce_id in ce_ids:
        if ce_id not in seen:
            seen.add(ce_id)
            firsts.append(ce_id)
    return by_case(firsts, case_of)


def by_case(event_ids: list[str], case_of: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for event_id in event_ids:
        grouped.setdefault(case_of[event_id], []).append(event_id)
    return grouped


async def queued_in_order(engine: AsyncEngine, ours: set[str]) -> list[str]:
    """The event ids of the deliveries the adapter queued for the prosecution, in the order it
    queued them."""
    outbox = notification_orm.plumbing.outbox
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(outbox.c.payload).where(outbox.c.topic == AGENCY_ROWS).order_by(outbox.c.id)
        )
        event_ids = [json.loads(payload)["event_id"] for (payload,) in rows]
    return [event_id for event_id in event_ids if event_id in ours]


async def received_all(received: Counter[str], ours: set[str]) -> bool:
    return all(received[event_id] >= 1 for event_id in ours)
