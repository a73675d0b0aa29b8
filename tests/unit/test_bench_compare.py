"""The benchmark's secured and plaintext figures, side by side."""

from __future__ import annotations

from typing import Any

from devtools.bench_compare import render_comparison


def figures(security: str, scale: float, commit: str = "abc1234") -> dict[str, Any]:
    def distribution(p50: float, p99: float) -> dict[str, float]:
        return {"n": 30, "p50": p50 * scale, "p90": p99 * scale, "p99": p99 * scale}

    return {
        "security": security,
        "bootstrap_servers": "127.0.0.1:9092",
        "machine": {"commit": commit, "cpus": 2},
        "baseline": distribution(2.0, 4.0),
        "breach_to_escalation": distribution(20.0, 40.0),
        "breach_http": distribution(10.0, 12.0),
        "kafka_to_inbox": None,
        "intake": {"per_second": 600 / scale, "baseline_per_second": 9000 / scale},
        "footprint": {
            "referral": {"ready_seconds": 3.0, "cpu_ms_per_escalation": 5.0},
            "youth_plan": {"ready_seconds": 4.0 * scale, "cpu_ms_per_escalation": None},
        },
    }


def test_each_figure_is_shown_secured_beside_plaintext_with_what_security_costs() -> None:
    text = render_comparison(figures("SASL_SSL (SCRAM-SHA-512)", 1.5), figures("PLAINTEXT", 1.0))
    assert "SASL_SSL (SCRAM-SHA-512) beside PLAINTEXT" in text
    assert "(the same commit)" in text
    row = next(line for line in text.splitlines() if "baseline: aiokafka round trip p50" in line)
    assert row.split()[-7:] == ["3.00", "ms", "2.00", "ms", "+1.00", "ms", "(+50%)"]
    intake = next(line for line in text.splitlines() if "referrals → cases opened" in line)
    assert "400 /s" in intake and "600 /s" in intake and "-33%" in intake
    assert "sent to Kafka → inbox" not in text  # not measured: left out, not invented


def test_runs_from_different_commits_are_flagged() -> None:
    text = render_comparison(figures("SASL_SSL", 1.0, "abc"), figures("PLAINTEXT", 1.0, "def"))
    assert "DIFFERENT commits" in text


def test_the_round_trip_timed_on_both_brokers_in_turn_is_shown_when_measured() -> None:
    plaintext = figures("PLAINTEXT", 1.0)
    plaintext["interleaved_baseline"] = {
        "SASL_SSL": {"p50": 3.1, "p99": 9.0},
        "PLAINTEXT": {"p50": 2.0, "p99": 5.0},
    }
    text = render_comparison(figures("SASL_SSL", 1.0), plaintext)
    row = next(line for line in text.splitlines() if "both brokers in turn p50" in line)
    assert row.split()[-7:] == ["3.10", "ms", "2.00", "ms", "+1.10", "ms", "(+55%)"]
