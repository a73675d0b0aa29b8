"""Two benchmark runs side by side: the secured bus (SASL_SSL, SCRAM-SHA-512) and an open one
(PLAINTEXT), so what TLS and SCRAM cost is read off measured figures.

Works on the runs' JSON figures (`Report.to_json`), whether both runs were made by one
`devtools bench --compare-plaintext` or saved by two `--json` runs and compared afterwards.
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
    def read(figures: Figures) -> float | None:
        intake = figures.get("intake")
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
        with_security, without = row.value(secured), row.value(plaintext)
        if with_security is None or without is None:
            continue
        lines.append(
            f"  {row.label:<36} {_amount(with_security, row):>12} {_amount(without, row):>12} "
            f"{_cost(with_security, without, row):>22}"
        )
    return "\n".join(lines)


def _amount(value: float, row: _Row) -> str:
    return f"{value:.{row.decimals}f} {row.unit}"


def _cost(with_security: float, without: float, row: _Row) -> str:
    difference = with_security - without
    relative = f" ({difference / without:+.0%})" if without else ""
    return f"{difference:+.{row.decimals}f} {row.unit}{relative}"
