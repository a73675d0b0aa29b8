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
- **Footprint:** each service process's resident memory (idle, and after the samples), its
  start-to-ready time and the CPU it spent per timed escalation.

A benchmark, never a timed test: it reports what it measured and judges nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import json
import math
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from devtools import kafka
from devtools._proc import port_open
from devtools.standins import StandIns, running_standins
from devtools.suite import SERVICES, Suite
from devtools.thread import ThreadSteps, TracedClient, agency_inbox, eventually, mailed
from devtools.up_cli import CORRECTIONAL_INBOX, PROSECUTION_INBOX, SMTP_PORT, local_env
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.envelope import SPEC_VERSION, decode_headers

BASELINE_TOPIC = "konfliktrad.bench.roundtrip.v1"
GOAL_P99_MS = 100.0  # the quality bar's goal for breach → escalation, on two cores


@dataclass(frozen=True)
class Options:
    samples: int = 30
    warmup: int = 3
    baseline_samples: int = 200
    baseline_warmup: int = 20
    setup_concurrency: int = 6
    port_patience: float = 600.0
    keep_state: bool = False
    say: Callable[[str], None] = print


@dataclass(frozen=True)
class Distribution:
    """Milliseconds; percentiles by nearest rank (with 30 samples, p99 is the maximum)."""

    n: int
    p50: float
    p90: float
    p99: float
    max: float
    min: float
    mean: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Distribution:
        if not seconds:
            raise ValueError("no samples")
        ms = sorted(s * 1000 for s in seconds)

        def rank(p: float) -> float:
            return ms[max(0, math.ceil(p / 100 * len(ms)) - 1)]

        return cls(
            n=len(ms),
            p50=rank(50),
            p90=rank(90),
            p99=rank(99),
            max=ms[-1],
            min=ms[0],
            mean=sum(ms) / len(ms),
        )

    def row(self, label: str) -> str:
        return (
            f"  {label:<34} {self.p50:8.2f} {self.p90:8.2f} {self.p99:8.2f} "
            f"{self.max:8.2f} {self.n:6d}"
        )


@dataclass(frozen=True)
class Footprint:
    ready_seconds: float
    rss_idle_kib: int | None
    rss_after_kib: int | None
    # CPU the process used during the timed escalations, per escalation (whatever else it
    # did meanwhile included: polls, the guardian's letter in notification).
    cpu_ms_per_escalation: float | None


@dataclass
class Report:
    started_at: str
    machine: dict[str, Any]
    bootstrap_servers: str
    baseline: Distribution
    breach_to_escalation: Distribution
    # Where the time went, per sample: the HTTP answer; youth_plan's relay sending the
    # escalation to Kafka (the record's timestamp); from there to the inbox (the adapter).
    breach_http: Distribution
    breach_to_kafka: Distribution | None
    kafka_to_inbox: Distribution | None
    footprint: dict[str, Footprint]
    samples: list[ThreadSample] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ratios = {
            "p50": self.breach_to_escalation.p50 / self.baseline.p50,
            "p99": self.breach_to_escalation.p99 / self.baseline.p99,
        }

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "goal": {"breach_to_escalation_p99_ms": GOAL_P99_MS}}

    def render(self) -> str:
        header = f"  {'':<34} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8} {'n':>6}   (ms)"
        lines = [
            "",
            f"Benchmark, {self.started_at}, {self.machine['cpus']} CPUs "
            f"(load {self.machine['loadavg_at_start']}), broker {self.bootstrap_servers}",
            *(
                []
                if self.machine["bytecode_cache"]
                else [
                    "  (PYTHONDONTWRITEBYTECODE is set: start-to-ready includes compiling "
                    "every imported module)"
                ]
            ),
            header,
            self.baseline.row("baseline: aiokafka round trip"),
            self.breach_to_escalation.row("breach → escalation at the inbox"),
            self.breach_http.row("  of which the breach HTTP call"),
        ]
        if self.breach_to_kafka and self.kafka_to_inbox:
            lines += [
                self.breach_to_kafka.row("  breach → sent to Kafka (±1 ms)"),
                self.kafka_to_inbox.row("  sent to Kafka → inbox (±1 ms)"),
            ]
        goal = "met" if self.breach_to_escalation.p99 < GOAL_P99_MS else "not met"
        lines += [
            f"  ratio thread/baseline: p50 {self.ratios['p50']:.1f}×, "
            f"p99 {self.ratios['p99']:.1f}×   (goal p99 < {GOAL_P99_MS:.0f} ms: {goal})",
            "",
            f"  {'service':<22} {'ready in':>9} {'RSS idle':>10} {'RSS after':>10} "
            f"{'CPU/escalation':>15}",
        ]
        for name, fp in self.footprint.items():
            cpu = "-" if fp.cpu_ms_per_escalation is None else f"{fp.cpu_ms_per_escalation:.1f} ms"
            lines.append(
                f"  {name:<22} {fp.ready_seconds:8.1f}s {_mib(fp.rss_idle_kib):>10} "
                f"{_mib(fp.rss_after_kib):>10} {cpu:>15}"
            )
        idle = [fp.rss_idle_kib for fp in self.footprint.values() if fp.rss_idle_kib]
        after = [fp.rss_after_kib for fp in self.footprint.values() if fp.rss_after_kib]
        cpu_total = sum(fp.cpu_ms_per_escalation or 0.0 for fp in self.footprint.values())
        lines.append(
            f"  {'total':<22} {'':>9} {_mib(sum(idle)):>10} {_mib(sum(after)):>10} "
            f"{cpu_total:>12.1f} ms"
        )
        return "\n".join(lines)


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"


def resident_kib(pid: int) -> int | None:
    """VmRSS of a live process, from /proc (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a live process, from /proc (Linux only)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quiet_collector() -> None:
    """Keep the benchmark's own garbage collector out of what it times: a full collection
    walks every object imported so far (~100 ms here); frozen ones are skipped."""
    gc.collect()
    gc.freeze()


# -- baseline -------------------------------------------------------------------------------


async def topic_partitions(bootstrap: str, topic: str, *, create: bool = False) -> list[int]:
    """The partitions of `topic`; with `create`, made first if missing, shaped like the
    suite's own topics (three partitions)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
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
async def assigned_consumer(bootstrap: str, topic: str) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer assigned to every partition of `topic` (no group), positioned at its end."""
    partitions = await topic_partitions(bootstrap, topic)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
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


async def measure_baseline(bootstrap: str, options: Options) -> list[float]:
    """Seconds from the start of each send until the assigned consumer has the message."""
    await topic_partitions(bootstrap, BASELINE_TOPIC, create=True)
    arrivals: dict[str, asyncio.Future[float]] = {}

    async def receive(consumer: AIOKafkaConsumer) -> None:
        async for record in consumer:
            arrived = time.perf_counter()
            ce_id = decode_headers(record.headers).get("ce_id", "")
            waiting = arrivals.get(ce_id)
            if waiting is not None and not waiting.done():
                waiting.set_result(arrived)

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        async with assigned_consumer(bootstrap, BASELINE_TOPIC) as consumer:
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


# -- the thread --------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ThreadFigures:
    samples: list[ThreadSample]
    cpu_ms_per_escalation: dict[str, float]
    ready: dict[str, float]
    rss_idle: dict[str, int | None]
    rss_after: dict[str, int | None]


async def wait_for_free_ports(
    ports: Sequence[int], patience: float, say: Callable[[str], None]
) -> None:
    """Someone else's suite may hold the ports for a while: wait for it, never kill it."""
    deadline = time.monotonic() + patience
    announced = False
    while True:
        busy = [port for port in ports if await asyncio.to_thread(port_open, port)]
        if not busy:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"ports still in use after {patience:.0f}s: {busy}")
        if not announced:
            say(f"  ports {busy} are in use (another run?); waiting up to {patience:.0f}s …")
            announced = True
        await asyncio.sleep(5)


SUITE_TOPICS = tuple(
    value for name, value in vars(topics).items() if name.isupper() and value.endswith(".v1")
)


async def fresh_consumer_groups(bootstrap: str, run_id: str) -> dict[str, str]:
    """A consumer group per service for this run only, committed at the topics' current end.

    The state directory is fresh, so the groups must be too: the default groups are shared
    with every other run on this broker, and a new group with `auto_offset_reset=earliest`
    would replay the broker's whole history (other runs' cases, other tests' poison) first.
    Returns the settings (`<PREFIX>CONSUMER_GROUP`) for the services' environment.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in SUITE_TOPICS if t in existing]
        described = await admin.describe_topics(wanted) if wanted else []
    finally:
        await admin.close()
    partitions = [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]
    ]
    env: dict[str, str] = {}
    for service in SERVICES:
        group = f"bench-{run_id}-{service.name}"
        env[f"{service.env_prefix}CONSUMER_GROUP"] = group
        if not partitions:
            continue
        consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
        )
        await consumer.start()
        try:
            consumer.assign(partitions)
            await consumer.commit(await consumer.end_offsets(partitions))
        finally:
            await consumer.stop()
    return env


async def measure_thread(bootstrap: str, state_dir: Path, options: Options) -> ThreadFigures:
    say = options.say
    suite_ports = [s.port for s in SERVICES] + [SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX]
    keys = ensure_dev_keypair(state_dir / "keys")
    for attempt in range(1, 6):
        await wait_for_free_ports(suite_ports, options.port_patience, say)
        try:
            async with running_standins(
                smtp_port=SMTP_PORT,
                prosecution_port=PROSECUTION_INBOX,
                correctional_port=CORRECTIONAL_INBOX,
            ) as standins:
                groups = await fresh_consumer_groups(bootstrap, secrets.token_hex(4))
                env = {**local_env(state_dir, bootstrap), **groups}
                suite = Suite(env, log_dir=state_dir / "logs")
                suite.start()
                try:
                    try:
                        ready = await suite.wait_ready(timeout=180)
                    except RuntimeError as exc:
                        # A service that exits at start most likely lost a port race.
                        say(f"  a service did not start ({exc}); retrying (attempt {attempt})")
                        continue
                    say("  suite ready: " + ", ".join(f"{n} {s:.1f}s" for n, s in ready.items()))
                    await asyncio.sleep(1.0)  # let start-up work settle before "idle"
                    rss_idle = {n: resident_kib(p.pid) for n, p in suite.processes.items()}
                    pids = {n: p.pid for n, p in suite.processes.items()}
                    samples, cpu = await _thread_samples(bootstrap, standins, keys, pids, options)
                    rss_after = {n: resident_kib(pid) for n, pid in pids.items()}
                    return ThreadFigures(samples, cpu, ready, rss_idle, rss_after)
                finally:
                    suite.stop()
        except RuntimeError as exc:
            if "could not start" not in str(exc):
                raise
            say(f"  a stand-in could not start ({exc}); retrying (attempt {attempt})")
        await asyncio.sleep(5)
    raise RuntimeError("the suite could not be started; see the logs in " + str(state_dir))


async def _thread_samples(
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
                await steps.approve_plan(case_id)
                first = await steps.record_breach(case_id)
                if first["step"] != "breach_conversation":
                    raise RuntimeError(f"breach 1 of {case_id} led to {first['step']}")
                await steps.hold_breach_conversation(case_id)
                return case_id

        cases = await asyncio.gather(*(prepare() for _ in range(count)))
        say(f"  prepared in {time.monotonic() - prepared_since:.1f}s; settling …")
        await asyncio.sleep(3.0)  # let the preparation's events drain through every consumer

        async with assigned_consumer(bootstrap, topics.CORRECTIONAL) as observer:
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
                    second = await steps.record_breach(case_id)
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


# -- the run -----------------------------------------------------------------------------------


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


async def run_bench(options: Options) -> Report:
    say = options.say
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine = _machine()
    say("Kafka …")
    bootstrap = await asyncio.to_thread(kafka.up)
    say(f"Baseline: {options.baseline_samples} aiokafka round trips on {BASELINE_TOPIC} …")
    baseline = await measure_baseline(bootstrap, options)

    state_dir = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="konfliktrad-bench-"))
    say(f"The thread: starting the suite (state in {state_dir}) …")
    failed = True
    try:
        figures = await measure_thread(bootstrap, state_dir, options)
        failed = False
    finally:
        if failed or options.keep_state:
            say(f"  state and service logs kept in {state_dir}")
        else:
            shutil.rmtree(state_dir, ignore_errors=True)

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
