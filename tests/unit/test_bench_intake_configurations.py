"""The benchmark's intake, one row per configuration of its stages: cases per second, the
ratio to raw aiokafka of the same run, and the goal judged for each; which run is chosen."""

from __future__ import annotations

import argparse

import pytest

from devtools.bench_cli import _configure
from devtools.bench_intake import IntakeFigures, IntakeRun
from devtools.bench_options import ALL_INTAKE_CONFIGURATIONS, IntakeConfiguration
from devtools.bench_report import Distribution, Footprint, Report, intake_goal_met

SQLITE_1 = IntakeConfiguration("sqlite", 1)
POSTGRES_3 = IntakeConfiguration("postgres", 3)


def report(*runs: IntakeRun) -> Report:
    flat = Distribution.of([0.02] * 200)
    return Report(
        started_at="2026-12-01T00:00:00Z",
        machine={"cpus": 2, "loadavg_at_start": "0.10", "bytecode_cache": True},
        bootstrap_servers="127.0.0.1:9092",
        security="SASL_SSL (SCRAM-SHA-512)",
        baseline=Distribution.of([0.006] * 200),
        breach_to_escalation=flat,
        breach_http=flat,
        breach_to_kafka=None,
        kafka_to_inbox=None,
        footprint={"referral": Footprint(2.0, 120 * 1024, 130 * 1024, 5.0)},
        intake=list(runs),
    )


def row(text: str, label: str) -> list[str]:
    return next(line for line in text.splitlines() if line.strip().startswith(label)).split()


def test_each_configuration_prints_its_rate_its_ratio_to_raw_kafka_and_its_verdict() -> None:
    slow = IntakeRun(SQLITE_1, IntakeFigures(cases=7500, seconds=300.0, baseline_seconds=1.0))
    fast = IntakeRun(POSTGRES_3, IntakeFigures(cases=7500, seconds=12.5, baseline_seconds=0.5))
    text = report(slow, fast).render()
    assert row(text, "SQLite, 1 replica")[-6:] == ["25", "300s", "7500", "300×", "not", "met"]
    assert row(text, "PostgreSQL, 3 replicas")[-5:] == ["600", "12s", "15000", "25×", "met"]
    assert "(goal: 7500 in < 15 s, ≥ 500/s)" in text


def test_exactly_500_a_second_meets_the_goal() -> None:
    assert intake_goal_met(IntakeRun(SQLITE_1, IntakeFigures(7500, 15.0, 1.0))) is True
    assert intake_goal_met(IntakeRun(SQLITE_1, IntakeFigures(7500, 15.1, 1.0))) is False


def test_a_configuration_without_a_figure_says_why_and_is_not_judged() -> None:
    stalled = IntakeRun(POSTGRES_3, note="not every case opened within 810 s")
    text = report(stalled).render()
    assert row(text, "PostgreSQL, 3 replicas")[-2:] == ["not", "judged"]
    assert "(not every case opened within 810 s)" in text
    assert intake_goal_met(stalled) is None


def test_the_figures_of_every_configuration_are_in_the_json() -> None:
    figures = report(
        IntakeRun(SQLITE_1, IntakeFigures(7500, 300.0, 1.0)), IntakeRun(POSTGRES_3, note="x")
    ).to_json()
    first, second = figures["intake"]
    assert first["configuration"] == "sqlite/1" and first["per_second"] == 25.0
    assert first["ratio"] == 300.0 and first["goal_met"] is False
    assert second["configuration"] == "postgres/3" and second["goal_met"] is None
    assert "per_second" not in second and second["note"] == "x"


def test_no_intake_measured_prints_no_intake_lines() -> None:
    assert "referrals → cases opened" not in report().render()


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(exit_on_error=False)
    _configure(parser)
    return parser.parse_args(list(argv))


def test_every_configuration_runs_unless_some_are_chosen() -> None:
    assert tuple(parse().intake_on) == ALL_INTAKE_CONFIGURATIONS
    assert [c.label for c in ALL_INTAKE_CONFIGURATIONS] == [
        "sqlite/1",
        "sqlite/3",
        "postgres/1",
        "postgres/3",
    ]
    assert parse("--intake-on", "postgres/3").intake_on == [POSTGRES_3]


@pytest.mark.parametrize("text", ["mysql/1", "sqlite", "sqlite/0", "postgres/three"])
def test_a_configuration_that_is_not_database_slash_replicas_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="DATABASE/REPLICAS"):
        IntakeConfiguration.parse(text)
    with pytest.raises(argparse.ArgumentError):
        parse("--intake-on", text)


def test_two_runs_are_compared_on_their_first_configuration_with_a_figure() -> None:
    from devtools.bench_compare import render_comparison

    secured = report(
        IntakeRun(SQLITE_1, note="x"), IntakeRun(POSTGRES_3, IntakeFigures(750, 3.0, 1.0))
    )
    plaintext = report(IntakeRun(POSTGRES_3, IntakeFigures(750, 1.5, 0.5)))
    text = render_comparison(secured.to_json(), plaintext.to_json())
    assert row(text, "intake: referrals → cases opened")[-7:-3] == ["250", "/s", "500", "/s"]
