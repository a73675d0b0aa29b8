"""The benchmark's samples: breach → escalation, timed from the HTTP call that records the
breach tipping the ladder until the escalation reaches the correctional-service stand-in's
inbox, split at the escalation's Kafka record timestamp."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.bench_baseline import assigned_consumer, quiet_collector
from devtools.bench_options import Options
from devtools.bus_access import client_access
from devtools.standins import StandIns
from devtools.suite_client import TracedClient, eventually
from devtools.thread import agency_inbox, mailed
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.envelope import decode_headers


@dataclass(frozen=True)
class ThreadSample:
    """Seconds from the start of the breach call; the trace id finds the sample's spans."""

    case_id: str
    trace_id: str
    total: float
    http: float
    # Until the escalation's Kafka record timestamp (set by youth_plan's producer when its
    # relay sent it; wall clock, whole milliseconds): youth_plan's share of the total.
    to_kafka: float | None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a live process, from /proc (Linux only)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def time_escalations(
    bootstrap: str,
    standins: StandIns,
    keys: Any,
    pids: dict[str, int],
    options: Options,
) -> tuple[list[ThreadSample], dict[str, float]]:
    say = options.say
    reaction = Reaction.YOUTH_SENTENCE
    inbox = agency_inbox(standins, reaction)
    client = TracedClient(keys, trace_id=secrets.token_hex(16))
    steps = ThreadSteps(client, bootstrap)
    try:
        appointed = await steps.appoint_mediator()
        await steps.wait_on_roster(appointed["mediator_id"])

        count = options.warmup + options.samples
        say(f"  preparing {count} youth-sentence cases up to the breach conversation …")
        prepared_since = time.monotonic()
        gate = asyncio.Semaphore(options.setup_concurrency)

        async def prepare() -> str:
            async with gate:
                reference = await steps.transfer_case(reaction)
                case_id = await steps.wait_registered(reference, timeout=120)
                await steps.wait_opened(case_id, timeout=120)
                await steps.hold_conference(case_id, reaction)
                await steps.approve_plan(case_id)
                first = await steps.record_breach(case_id)
                if first["step"] != "breach_conversation":
                    raise RuntimeError(f"breach 1 of {case_id} led to {first['step']}")
                await steps.hold_breach_conversation(case_id)
                return case_id

        cases = await asyncio.gather(*(prepare() for _ in range(count)))
        say(f"  prepared in {time.monotonic() - prepared_since:.1f}s; settling …")
        await asyncio.sleep(3.0)  # let the preparation's events drain through every consumer

        operator = client_access("operator", bootstrap)
        async with assigned_consumer(operator, topics.CORRECTIONAL) as observer:
            # The escalation's record timestamp (ms since the epoch), by case id.
            sent_to_kafka: dict[str, int] = {}

            async def observe() -> None:
                async for record in observer:
                    subject = decode_headers(record.headers).get("ce_subject", "")
                    sent_to_kafka.setdefault(subject, record.timestamp)

            async def observed(case_id: str) -> int | None:
                return sent_to_kafka.get(case_id)

            watcher = asyncio.create_task(observe())
            try:
                quiet_collector()
                samples = []
                cpu_before: dict[str, float | None] = {}
                for i, case_id in enumerate(cases):
                    if i == options.warmup:
                        cpu_before = {n: cpu_seconds(pid) for n, pid in pids.items()}
                    client.trace_id = secrets.token_hex(16)  # one trace per sample
                    wall_started = time.time()
                    started = time.perf_counter()
                    # The repeated breach with the coordinator's transfer decision and the
                    # police's and correctional service's consent (§31 third para).
                    second = await steps.record_breach(case_id, transfer_for=reaction)
                    answered = time.perf_counter()
                    if second["step"] != "transfer":
                        raise RuntimeError(f"breach 2 of {case_id} led to {second['step']}")
                    delivery = await inbox.wait_for_delivery(case_id, timeout=60)
                    total = delivery.received_at - started
                    with contextlib.suppress(TimeoutError):
                        await eventually(functools.partial(observed, case_id), "observer", 5)
                    stamp = sent_to_kafka.get(case_id)
                    if i >= options.warmup:
                        samples.append(
                            ThreadSample(
                                case_id,
                                client.trace_id,
                                total,
                                answered - started,
                                None if stamp is None else stamp / 1000 - wall_started,
                            )
                        )
                    # The escalation's other branch (notification → the guardian's letter)
                    # finishes before the next sample, so samples do not overlap.
                    await eventually(functools.partial(mailed, standins, case_id), "the letter", 30)
                    await asyncio.sleep(0.05)
                    if (i + 1) % 10 == 0:
                        say(f"  {i + 1}/{count} escalations timed")
                cpu_ms = {}
                for name, pid in pids.items():
                    before, after = cpu_before.get(name), cpu_seconds(pid)
                    if before is not None and after is not None:
                        cpu_ms[name] = (after - before) * 1000 / len(samples)
                return samples, cpu_ms
            finally:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
    finally:
        await client.close()
