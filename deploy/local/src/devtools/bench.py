"""The performance benchmark: the thread's breach → escalation latency beside its baseline.

One run, one broker, everything on this machine:

- **Baseline:** the raw aiokafka produce → consume round trip (idempotent producer, acks=all,
  a consumer already assigned to the topic), on a topic of its own. No stack can beat it.
- **Breach → escalation:** the whole suite started as `devtools up` starts it (SQLite in a
  fresh state directory, so the developer's data is never touched, and consumer groups of its
  own, so other runs' messages are not replayed); cases are prepared up to the breach
  conversation, then each sample times the HTTP call that records the breach that tips the
  ladder until the escalation reaches the correctional-service stand-in inbox, split at the
  escalation's Kafka record timestamp (youth_plan's share, then the adapter's).
- **Intake throughput:** a national year of mediation referrals (7,500) put on
  `konfliktrad.referrals.v1` at once, until mediation has opened every case, beside the same
  number of messages through the same broker by raw aiokafka (`bench_intake`).
- **Footprint:** each service process's resident memory (idle, and after the samples), its
  start-to-ready time and the CPU it spent per timed escalation.

A benchmark, never a timed test: it reports what it measured and judges nothing.

The measuring is done beside this module: `bench_baseline` (the raw round trip),
`bench_suite` (the suite started for the run, its footprint), `bench_escalations` (the timed
escalations) and `bench_report` (percentiles and the printed table).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devtools import kafka
from devtools.bench_baseline import BASELINE_TOPIC, measure_baseline
from devtools.bench_report import Distribution, Footprint, Report
from devtools.bench_suite import ThreadFigures, measure_thread


@dataclass(frozen=True)
class Options:
    samples: int = 30
    warmup: int = 3
    baseline_samples: int = 200
    baseline_warmup: int = 20
    setup_concurrency: int = 6
    intake: int = 7500  # referrals for the throughput figure: about a national year
    port_patience: float = 600.0
    keep_state: bool = False
    say: Callable[[str], None] = print


def _machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpus": cpus,
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit or None,
        # Without .pyc files every start compiles each imported module (seconds per service).
        "bytecode_cache": not sys.dont_write_bytecode,
    }


async def _measure_thread_in_scratch_state(bootstrap: str, options: Options) -> ThreadFigures:
    """The suite runs on a fresh temporary state dir, so the figures never touch (or depend
    on) the developer's own data; it is kept when the run fails, for its logs."""
    state_dir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="konfliktrad-bench-"))
    options.say(f"The thread: starting the suite (state in {state_dir}) …")
    failed = True
    try:
        figures = await measure_thread(bootstrap, state_dir, options)
        failed = False
    finally:
        if failed or options.keep_state:
            options.say(f"  state and service logs kept in {state_dir}")
        else:
            shutil.rmtree(state_dir, ignore_errors=True)
    return figures


async def run_bench(options: Options) -> Report:
    say = options.say
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine = _machine()
    say("Kafka …")
    async with kafka.broker_for_the_run() as bootstrap:
        say(f"Baseline: {options.baseline_samples} aiokafka round trips on {BASELINE_TOPIC} …")
        baseline = await measure_baseline(bootstrap, options)
        figures = await _measure_thread_in_scratch_state(bootstrap, options)

    to_kafka = [s.to_kafka for s in figures.samples if s.to_kafka is not None]
    complete = len(to_kafka) == len(figures.samples)
    return Report(
        started_at=started_at,
        machine=machine,
        bootstrap_servers=bootstrap,
        baseline=Distribution.of(baseline),
        breach_to_escalation=Distribution.of([s.total for s in figures.samples]),
        breach_http=Distribution.of([s.http for s in figures.samples]),
        breach_to_kafka=Distribution.of(to_kafka) if complete else None,
        kafka_to_inbox=(
            Distribution.of([s.total - (s.to_kafka or 0.0) for s in figures.samples])
            if complete
            else None
        ),
        footprint={
            name: Footprint(
                ready_seconds=figures.ready[name],
                rss_idle_kib=figures.rss_idle.get(name),
                rss_after_kib=figures.rss_after.get(name),
                cpu_ms_per_escalation=figures.cpu_ms_per_escalation.get(name),
            )
            for name in figures.ready
        },
        samples=figures.samples,
        intake=figures.intake,
    )


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")


def main_sync(options: Options, json_path: Path | None) -> int:
    report = asyncio.run(run_bench(options))
    print(report.render())
    if json_path is not None:
        write_json(report, json_path)
        print(f"\nfigures written to {json_path}")
    sys.stdout.flush()
    return 0
