"""Two benchmark runs side by side: the secured bus (SASL_SSL, SCRAM-SHA-512) and an open one
(PLAINTEXT), so what TLS and SCRAM cost is read off measured figures.

Works on the runs' JSON figures (`Report.to_json`), whether both runs were made by one
`devtools bench --compare-plaintext` or saved by two `--json` runs and compared afterwards.
The runs follow each other, so a machine busy with other work in one of them moves its
figures; `--compare-plaintext` therefore also times the raw round trip on both brokers in
turn (`interleaved_baseline`), which such load weighs on alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Figures = dict[str, Any]


@dataclass(frozen=True)
class _Row:
    label: str
    unit: str
    value: Callable[[Figures], float | None]
    decimals: int = 2


def _distribution(name: str, percentile: str) -> Callable[[Figures], float | None]:
    def read(figures: Figures) -> float | None:
        distribution = figures.get(name)
        return None if distribution is None else float(distribution[percentile])

    return read


def _intake(field: str) -> Callable[[Figures], float | None]:
    """From the intake's first configuration measured (a run before configurations: its one)."""

    def read(figures: Figures) -> float | None:
        intake = figures.get("intake")
        if isinstance(intake, list):
            intake = next((run for run in intake if run.get(field) is not None), None)
        return None if intake is None else float(intake[field])

    return read


def _slowest_ready(figures: Figures) -> float | None:
    ready = [fp["ready_seconds"] for fp in figures["footprint"].values()]
    return max(ready) if ready else None


def _cpu_per_escalation(figures: Figures) -> float | None:
    cpu = [fp["cpu_ms_per_escalation"] for fp in figures["footprint"].values()]
    known = [ms for ms in cpu if ms is not None]
    return sum(known) if known else None


ROWS = (
    _Row("baseline: aiokafka round trip p50", "ms", _distribution("baseline", "p50")),
    _Row("baseline: aiokafka round trip p99", "ms", _distribution("baseline", "p99")),
    _Row("breach → escalation p50", "ms", _distribution("breach_to_escalation", "p50")),
    _Row("breach → escalation p99", "ms", _distribution("breach_to_escalation", "p99")),
    _Row("  of which the breach HTTP call p50", "ms", _distribution("breach_http", "p50")),
    _Row("  sent to Kafka → inbox p50", "ms", _distribution("kafka_to_inbox", "p50")),
    _Row("intake: referrals → cases opened", "/s", _intake("per_second"), 0),
    _Row("intake baseline: raw aiokafka", "/s", _intake("baseline_per_second"), 0),
    _Row("slowest service start to ready", "s", _slowest_ready, 1),
    _Row("CPU per escalation, all processes", "ms", _cpu_per_escalation, 1),
)


def render_comparison(secured: Figures, plaintext: Figures) -> str:
    left, right = secured.get("security", "secured"), plaintext.get("security", "open")
    commits = (secured["machine"].get("commit"), plaintext["machine"].get("commit"))
    same = "the same commit" if commits[0] == commits[1] else "DIFFERENT commits"
    lines = [
        "",
        f"What TLS and SCRAM cost: {left} beside {right}",
        f"  commits {commits[0]} / {commits[1]} ({same}), "
        f"{secured['machine']['cpus']} CPUs; broker {secured['bootstrap_servers']} "
        f"beside {plaintext['bootstrap_servers']}",
        f"  {'':<36} {left.split()[0]:>12} {right.split()[0]:>12} {'cost of security':>22}",
    ]
    for row in ROWS:
        lines += _line(row.label, row.unit, row.decimals, row.value(secured), row.value(plaintext))
    interleaved = plaintext.get("interleaved_baseline")
    if interleaved:
        secured_turns, open_turns = interleaved.values()
        for p in ("p50", "p99"):
            label = f"baseline, both brokers in turn {p}"
            lines += _line(label, "ms", 2, secured_turns[p], open_turns[p])
    return "\n".join(lines)


def _line(
    label: str, unit: str, decimals: int, with_security: float | None, without: float | None
) -> list[str]:
    if with_security is None or without is None:
        return []
    difference = with_security - without
    relative = f" ({difference / without:+.0%})" if without else ""
    cost = f"{difference:+.{decimals}f} {unit}{relative}"
    return [
        f"  {label:<36} {with_security:>{9}.{decimals}f} {unit:<2} "
        f"{without:>{9}.{decimals}f} {unit:<2} {cost:>22}"
    ]
