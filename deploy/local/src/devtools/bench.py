"""The performance benchmark: the thread's breach → escalation latency beside its baseline.

One run, one broker, everything on this machine:

- **Baseline:** the raw aiokafka produce → consume round trip (idempotent producer, acks=all,
  a consumer already assigned to the topic), as the `bench` principal on a topic of its own.
  No stack can beat it.
- **Breach → escalation:** the whole suite started as `devtools up` starts it (SQLite in a
  fresh state directory, so the developer's data is never touched, and consumer groups of its
  own, so other runs' messages are not replayed); cases are prepared up to the breach
  conversation, then each sample times the HTTP call that records the breach that tips the
  ladder until the escalation reaches the correctional-service stand-in inbox, split at the
  escalation's Kafka record timestamp (youth_plan's share, then the adapter's).
- **Intake throughput:** a national year of mediation referrals (7,500) put on the senders'
  referral topics at once, each sender as itself, until mediation has opened every case,
  beside the same number of messages through the same broker by raw aiokafka (`bench_intake`);
  on each asked configuration of the intake's stages — 1 or 3 replicas of referral and of
  mediation, on SQLite or on PostgreSQL (`bench_intake_runs`, `--intake-on`).
- **Footprint:** each service process's resident memory (idle, and after the samples), its
  start-to-ready time and the CPU it spent per timed escalation.

Every client connects as its own principal over SASL_SSL with SCRAM-SHA-512, as the suite
always does. Each broker gets untimed traffic first (`broker_warmup`): a JVM that started a
minute ago is still compiling its hot paths. `--compare-plaintext` then measures all of it
again on an open broker of its own (`KafkaCluster(plaintext=True)`, 127.0.0.1:9192) from the
same code in the same run, and prints
both side by side (`bench_compare`): what TLS and SCRAM cost, measured.

A benchmark, never a timed test: it reports what it measured and judges nothing.

The measuring is done beside this module: `bench_baseline` (the raw round trip),
`bench_suite` (the suite started for the run, its footprint), `bench_escalations` (the timed
escalations) and `bench_report` (percentiles and the printed table).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devtools import kafka
from devtools.bench_baseline import (
    BASELINE_TOPIC,
    measure_baseline,
    measure_interleaved,
    warm_up,
)
from devtools.bench_compare import render_comparison
from devtools.bench_intake import IntakeRun
from devtools.bench_intake_runs import measure_configurations
from devtools.bench_options import Options
from devtools.bench_report import Distribution, Footprint, Report
from devtools.bench_suite import ThreadFigures, measure_thread
from devtools.bus_access import broker_protocol, client_access, protocol_for_the_run
from konfliktrad_shared import runtime
from konfliktrad_shared.kafka_access import SCRAM_SHA_512, KafkaAccess, SecurityProtocol


def _compiled(source: str) -> bool:
    return Path(importlib.util.cache_from_source(source)).exists()


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
        # Without .pyc files every start compiles each imported module (seconds per service):
        # there are some when they were compiled at install (`install.sh`) or may be written.
        "bytecode_cache": not sys.dont_write_bytecode or _compiled(runtime.__file__),
    }


async def _measure_in_scratch_state(
    bootstrap: str, options: Options
) -> tuple[ThreadFigures, list[IntakeRun]]:
    """The suite runs on a fresh temporary state dir, so the figures never touch (or depend
    on) the developer's own data; it is kept when anything fails, for its logs. The intake's
    configurations follow once the suite is stopped, each in a directory of its own there."""
    state_dir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="konfliktrad-bench-"))
    options.say(f"The thread: starting the suite (state in {state_dir}) …")
    failed = True
    try:
        figures = await measure_thread(bootstrap, state_dir, options)
        intake = (
            await measure_configurations(bootstrap, state_dir, options) if options.intake else []
        )
        # A configuration without a figure points at its replicas' logs: keep them.
        failed = any(run.figures is None for run in intake)
    finally:
        if failed or options.keep_state:
            options.say(f"  state and service logs kept in {state_dir}")
        else:
            shutil.rmtree(state_dir, ignore_errors=True)
    return figures, intake


@contextlib.asynccontextmanager
async def plaintext_broker() -> AsyncIterator[str]:
    """The open broker the comparison runs on, beside the secured one; stopped afterwards
    if this started it."""
    broker = kafka.KafkaCluster(plaintext=True)
    starts_one = not broker.is_running()
    bootstrap = await asyncio.to_thread(broker.up)
    try:
        yield bootstrap
    finally:
        if starts_one:
            await asyncio.to_thread(broker.down)


async def run_bench(options: Options) -> Report:
    options.say("Kafka …")
    async with kafka.broker_for_the_run() as bootstrap:
        return await _measure(bootstrap, options)


async def run_plaintext_comparison(options: Options) -> tuple[Report, dict[str, Any]]:
    """Everything again on the open broker, then the raw round trip on both brokers in turn;
    the latter as JSON figures by security."""
    say = options.say
    async with kafka.broker_for_the_run() as secured, plaintext_broker() as open_broker:
        say("\nThe same again on an open broker (PLAINTEXT, no authentication, no ACLs) …")
        with protocol_for_the_run(SecurityProtocol.PLAINTEXT):
            report = await _measure(open_broker, options)
        say("\nThe baseline on both brokers, one round trip on each in turn …")
        on_secured, on_open = await measure_interleaved(
            client_access("bench", secured),
            KafkaAccess(open_broker, SecurityProtocol.PLAINTEXT),
            options,
        )
    interleaved = {
        SecurityProtocol.SASL_SSL.value: asdict(Distribution.of(on_secured)),
        SecurityProtocol.PLAINTEXT.value: asdict(Distribution.of(on_open)),
    }
    return report, interleaved


async def _measure(bootstrap: str, options: Options) -> Report:
    say = options.say
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine = _machine()
    protocol = broker_protocol()
    security = (
        f"{protocol.value} ({SCRAM_SHA_512})"
        if protocol is SecurityProtocol.SASL_SSL
        else protocol.value
    )
    bench = client_access("bench", bootstrap)
    if options.broker_warmup:
        say(f"Warming the broker up: {options.broker_warmup} untimed round trips …")
        await warm_up(bench, options)
    say(f"Baseline: {options.baseline_samples} aiokafka round trips on {BASELINE_TOPIC} …")
    baseline = await measure_baseline(bench, options)
    figures, intake = await _measure_in_scratch_state(bootstrap, options)

    to_kafka = [s.to_kafka for s in figures.samples if s.to_kafka is not None]
    complete = len(to_kafka) == len(figures.samples)
    return Report(
        started_at=started_at,
        machine=machine,
        bootstrap_servers=bootstrap,
        security=security,
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
        intake=intake,
    )


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")


def main_sync(options: Options, json_path: Path | None, *, compare_plaintext: bool = False) -> int:
    report = asyncio.run(run_bench(options))
    print(report.render())
    if json_path is not None:
        write_json(report, json_path)
        print(f"\nfigures written to {json_path}")
    if compare_plaintext:
        plaintext, interleaved = asyncio.run(run_plaintext_comparison(options))
        print(plaintext.render())
        figures = plaintext.to_json() | {"interleaved_baseline": interleaved}
        if json_path is not None:
            plaintext_path = json_path.with_name(f"{json_path.stem}.plaintext{json_path.suffix}")
            plaintext_path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {plaintext_path}")
        print(render_comparison(report.to_json(), figures))
    sys.stdout.flush()
    return 0


def compare_files(secured: Path, plaintext: Path) -> int:
    """Two runs' `--json` figures side by side (say, from the same commit on two brokers)."""
    print(
        render_comparison(
            json.loads(secured.read_text(encoding="utf-8")),
            json.loads(plaintext.read_text(encoding="utf-8")),
        )
    )
    return 0
