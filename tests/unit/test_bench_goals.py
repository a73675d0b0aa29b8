"""The benchmark judges the latency goal by both its halves, and only on enough samples."""

from __future__ import annotations

from devtools.bench_report import Distribution, Footprint, Report


def report(escalations_ms: list[float], baseline_ms: list[float]) -> Report:
    escalations = Distribution.of([ms / 1000 for ms in escalations_ms])
    return Report(
        started_at="2026-12-01T00:00:00Z",
        machine={"cpus": 2, "loadavg_at_start": "0.10", "bytecode_cache": True},
        bootstrap_servers="127.0.0.1:9092",
        security="SASL_SSL (SCRAM-SHA-512)",
        baseline=Distribution.of([ms / 1000 for ms in baseline_ms]),
        breach_to_escalation=escalations,
        breach_http=escalations,
        breach_to_kafka=None,
        kafka_to_inbox=None,
        footprint={"referral": Footprint(2.0, 120 * 1024, 130 * 1024, 5.0)},
    )


def test_a_p99_under_100_ms_but_ten_times_the_raw_kafka_p99_does_not_meet_the_goal() -> None:
    judged = report([60.0] * 200, [6.0] * 200)
    assert judged.latency_goals() == {"p99_under_100_ms": True, "p99_within_5x_baseline": False}
    assert "goal p99 ≤ 5× baseline p99: not met" in judged.render()


def test_both_halves_met_are_printed_as_met() -> None:
    judged = report([20.0] * 200, [6.0] * 200)
    assert judged.latency_goals() == {"p99_under_100_ms": True, "p99_within_5x_baseline": True}
    assert "goal p99 < 100 ms: met; goal p99 ≤ 5× baseline p99: met" in judged.render()


def test_thirty_samples_are_too_few_to_judge_a_p99() -> None:
    judged = report([20.0] * 30, [6.0] * 200)
    assert set(judged.latency_goals().values()) == {None}
    assert "not judged, 30 samples" in judged.render()


def test_the_idle_memory_goal_names_the_heaviest_service() -> None:
    assert (
        "goal idle RSS ≤ 150 MiB per service: met (heaviest 120 MiB)"
        in report([20.0] * 200, [6.0] * 200).render()
    )
