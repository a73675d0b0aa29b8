"""Every metric the alert rules and the dashboard under deploy/observability name is one the
services export (read from a service's real /metrics) or one Kafka Exporter exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml

from konfliktrad_shared.business_metrics import OutboxGauges
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata
from notification.config import NotificationSettings
from notification.main import create_app

SCRAPE_TOKEN = "a-scrape-token-for-this-test-only-0123456789"

ROOT = Path(__file__).resolve().parents[2]
OBSERVABILITY = ROOT / "deploy" / "observability"
# Strimzi's Kafka Exporter (consumer lag and topic offsets as the broker sees them): the
# only names the rules may use that no service of the suite exports.
KAFKA_EXPORTER = frozenset(
    {
        "kafka_consumergroup_lag",
        "kafka_consumergroup_current_offset_sum",
        "kafka_topic_partition_current_offset",
        "kafka_topic_partition_oldest_offset",
    }
)
_SAMPLE_SUFFIXES = {
    "counter": ("", "_created"),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
}
_NOT_METRICS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, labels, ranges left out)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    # Not after a digit or a dot: the `h` of `1h` and the `5` of `0.95` are no names.
    for match in re.finditer(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        following = expr[match.end() :].lstrip()[:1]
        if following != "(" and match.group().lower() not in _NOT_METRICS:
            names.add(match.group())
    return names


def _rule_expressions() -> list[str]:
    document = yaml.safe_load((OBSERVABILITY / "alerts.yaml").read_text(encoding="utf-8"))
    return [rule["expr"] for group in document["groups"] for rule in group["rules"]]


def _dashboard_expressions() -> list[str]:
    dashboard = json.loads((OBSERVABILITY / "grafana-dashboard.json").read_text("utf-8"))
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def _samples(exposition: str) -> set[str]:
    names = set()
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _hash, _type, name, kind = line.split(" ", 3)
            base = name.removesuffix("_total") if kind == "counter" else name
            names |= {
                (name if suffix == "" else base + suffix) for suffix in _SAMPLE_SUFFIXES[kind]
            }
    return names


async def _exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """A service's /metrics, after one request, over its plumbing tables."""
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    url = f"sqlite+aiosqlite:///{tmp_path / 'notification.sqlite3'}"
    engine = create_engine(url)
    metadata = new_metadata()
    define_plumbing_tables(metadata)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    settings = NotificationSettings(
        kafka_security_protocol="PLAINTEXT", database_url=url, metrics_token=SCRAPE_TOKEN
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notification") as client:
        await client.get("/no-such-page")  # the HTTP histograms appear with their first request
        scrape = {"Authorization": f"Bearer {SCRAPE_TOKEN}"}
        exposition = (await client.get("/metrics/", headers=scrape)).text
    adapter = OutboxGauges("prosecution_adapter", engine)
    await adapter.refresh()
    await engine.dispose()
    return _samples(exposition) | {metric.name for metric in adapter.collect()}


async def test_every_metric_the_rules_and_the_dashboard_name_is_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = await _exported(tmp_path, monkeypatch)
    named = {
        name
        for expr in _rule_expressions() + _dashboard_expressions()
        for name in metric_names(expr)
    }

    assert "konfliktrad_outbox_parked_rows" in named and "kafka_consumergroup_lag" in named
    assert named - exported - KAFKA_EXPORTER == set()
    # Every business metric is watched by a rule or shown on the dashboard.
    business = {name for name in exported if name.startswith("konfliktrad_")}
    assert {name for name in business if not name.endswith("_created")} - named == set()


def test_the_name_reader_finds_metrics_and_nothing_else() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (le, route) (rate(a_seconds_bucket{job="x"}[5m])))'
        " > 2 and on (route) b_total offset 1h unless c"
    )
    assert metric_names(expr) == {"a_seconds_bucket", "b_total", "c"}


def test_every_rule_has_a_name_a_severity_and_a_summary() -> None:
    document = yaml.safe_load((OBSERVABILITY / "alerts.yaml").read_text(encoding="utf-8"))
    for group in document["groups"]:
        for rule in group["rules"]:
            assert rule["alert"] and rule["labels"]["severity"] in {"warning", "critical"}
            assert rule["annotations"]["summary"]


def _promtool() -> str | None:
    installed = Path.home() / "go" / "bin" / "promtool"  # `go install …/cmd/promtool@…`
    return shutil.which("promtool") or (str(installed) if installed.exists() else None)


@pytest.mark.skipif(_promtool() is None, reason="promtool is not installed")
def test_promtool_accepts_the_rules_and_the_dashboards_queries(tmp_path: Path) -> None:
    # The dashboard's queries as recording rules: promtool then parses them too.
    recorded = tmp_path / "dashboard-queries.yaml"
    rules = [
        {"record": f"dashboard:panel_{n}", "expr": expr}
        for n, expr in enumerate(_dashboard_expressions())
    ]
    recorded.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    checked = subprocess.run(
        [str(_promtool()), "check", "rules", str(OBSERVABILITY / "alerts.yaml"), str(recorded)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
