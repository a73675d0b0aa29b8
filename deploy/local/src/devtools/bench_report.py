"""What `devtools bench` reports: percentiles of its samples, each service's footprint, and
the table it prints (or the JSON it writes)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from devtools.bench_escalations import ThreadSample
from devtools.bench_intake import IntakeRun

GOAL_P99_MS = 100.0  # the quality bar's goal for breach → escalation, on two cores
GOAL_P99_RATIO = 5.0  # … and at most this many times the raw-Kafka p99 of the same run
MIN_SAMPLES_FOR_P99 = 100  # below it, a nearest-rank p99 is just the maximum
GOAL_READY_ALONE_SECONDS = 1.5  # one service started alone on a warm broker
GOAL_IDLE_MIB = 150  # resident memory of an idle service
GOAL_YEAR_SECONDS = 15.0  # the quality bar's goal: a national year of intake in under 15 s
NATIONAL_YEAR = 7500  # cases a year, about
GOAL_PER_SECOND = NATIONAL_YEAR / GOAL_YEAR_SECONDS


@dataclass(frozen=True)
class Distribution:
    """Milliseconds; percentiles by nearest rank (below 100 samples, p99 is the maximum)."""

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
    security: str  # how every client reached the broker: "SASL_SSL (SCRAM-SHA-512)", "PLAINTEXT"
    baseline: Distribution
    breach_to_escalation: Distribution
    # Where the time went, per sample: the HTTP answer; youth_plan's relay sending the
    # escalation to Kafka (the record's timestamp); from there to the inbox (the adapter).
    breach_http: Distribution
    breach_to_kafka: Distribution | None
    kafka_to_inbox: Distribution | None
    footprint: dict[str, Footprint]
    samples: list[ThreadSample] = field(default_factory=list)
    intake: list[IntakeRun] = field(default_factory=list)
    ratios: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ratios = {
            "p50": self.breach_to_escalation.p50 / self.baseline.p50,
            "p99": self.breach_to_escalation.p99 / self.baseline.p99,
        }

    def to_json(self) -> dict[str, Any]:
        goals = {
            "breach_to_escalation_p99_ms": GOAL_P99_MS,
            "breach_to_escalation_p99_ratio": GOAL_P99_RATIO,
            "year_seconds": GOAL_YEAR_SECONDS,
            "met": self.latency_goals(),
        }
        figures = asdict(self)
        figures["intake"] = [_intake_json(run) for run in self.intake]
        return {**figures, "goal": goals | {"intake_per_second": GOAL_PER_SECOND}}

    def render(self) -> str:
        header = f"  {'':<34} {'p50':>8} {'p90':>8} {'p99':>8} {'max':>8} {'n':>6}   (ms)"
        lines = [
            "",
            f"Benchmark, {self.started_at}, {self.machine['cpus']} CPUs "
            f"(load {self.machine['loadavg_at_start']}), broker {self.bootstrap_servers} "
            f"over {self.security}",
            *(
                []
                if self.machine["bytecode_cache"]
                else [
                    "  (no bytecode compiled and PYTHONDONTWRITEBYTECODE set: start-to-ready "
                    "includes compiling every imported module; deploy/local/install.sh compiles)"
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
        lines += [
            f"  ratio thread/baseline: p50 {self.ratios['p50']:.1f}×, "
            f"p99 {self.ratios['p99']:.1f}×",
            *self.latency_goal_lines(),
            *_intake_lines(self.intake),
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
        lines += self.footprint_goal_lines()
        return "\n".join(lines)

    def latency_goals(self) -> dict[str, bool | None]:
        """Each half of the latency goal; None when too few samples were taken to say."""
        if self.breach_to_escalation.n < MIN_SAMPLES_FOR_P99:
            return {"p99_under_100_ms": None, "p99_within_5x_baseline": None}
        return {
            "p99_under_100_ms": self.breach_to_escalation.p99 < GOAL_P99_MS,
            "p99_within_5x_baseline": self.ratios["p99"] <= GOAL_P99_RATIO,
        }

    def latency_goal_lines(self) -> list[str]:
        goals = self.latency_goals()
        if None in goals.values():
            return [
                f"  goal: not judged, {self.breach_to_escalation.n} samples "
                f"(a p99 needs at least {MIN_SAMPLES_FOR_P99}; --samples)"
            ]
        return [
            f"  goal p99 < {GOAL_P99_MS:.0f} ms: {_verdict(goals['p99_under_100_ms'])}; "
            f"goal p99 ≤ {GOAL_P99_RATIO:.0f}× baseline p99: "
            f"{_verdict(goals['p99_within_5x_baseline'])}"
        ]

    def footprint_goal_lines(self) -> list[str]:
        idle = [fp.rss_idle_kib for fp in self.footprint.values() if fp.rss_idle_kib]
        if not idle:
            return []
        heaviest = max(idle) / 1024
        return [
            f"  goal idle RSS ≤ {GOAL_IDLE_MIB} MiB per service: "
            f"{_verdict(heaviest <= GOAL_IDLE_MIB)} (heaviest {heaviest:.0f} MiB); "
            f"start-to-ready above is the suite started together, not one service alone "
            f"(goal {GOAL_READY_ALONE_SECONDS} s alone)"
        ]


def _verdict(met: bool | None) -> str:
    return "met" if met else "not met"


def intake_goal_met(run: IntakeRun) -> bool | None:
    """The intake goal for one configuration; None when it has no figure to judge."""
    return None if run.figures is None else run.figures.per_second >= GOAL_PER_SECOND


def _intake_json(run: IntakeRun) -> dict[str, Any]:
    figures = run.figures
    measured = (
        {}
        if figures is None
        else asdict(figures)
        | {
            "per_second": figures.per_second,
            "baseline_per_second": figures.baseline_per_second,
            "ratio": figures.ratio,
        }
    )
    return {
        "configuration": run.configuration.label,
        "database": run.configuration.database,
        "replicas": run.configuration.replicas,
        **measured,
        "goal_met": intake_goal_met(run),
        "note": run.note,
    }


def _intake_lines(runs: list[IntakeRun]) -> list[str]:
    if not runs:
        return []
    cases = next((run.figures.cases for run in runs if run.figures is not None), None)
    lines = [
        "",
        f"  intake: {cases or '?'} referrals → cases opened in mediation, by configuration of"
        " the stages;",
        "    each beside raw aiokafka with as many messages in the same run (ratio: × slower)",
        f"    (goal: {NATIONAL_YEAR} in < {GOAL_YEAR_SECONDS:.0f} s, ≥ {GOAL_PER_SECOND:.0f}/s)",
        f"  {'stages (referral, mediation)':<34} {'cases/s':>8} {'year in':>8} "
        f"{'raw /s':>8} {'ratio':>7}  goal",
    ]
    for run in runs:
        label = run.configuration.describe()
        figures = run.figures
        if figures is None:
            lines.append(f"  {label:<34} {'-':>8} {'-':>8} {'-':>8} {'-':>7}  not judged")
            lines.append(f"    ({run.note})")
            continue
        year = NATIONAL_YEAR / figures.per_second
        lines.append(
            f"  {label:<34} {figures.per_second:8.0f} {year:7.0f}s "
            f"{figures.baseline_per_second:8.0f} {figures.ratio:6.0f}×  "
            f"{_verdict(intake_goal_met(run))}"
        )
    return lines


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"
