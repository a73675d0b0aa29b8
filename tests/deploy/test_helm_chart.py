"""The production chart: linted, rendered and every manifest schema-checked (Kubernetes, KEDA
and Strimzi), and what it renders holds to the suite's own tables."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from chart_render import CHART, EXAMPLE_VALUES, chart_tools, documents, helm, kubeconform, render

from devtools.chart_tools import ChartTools
from konfliktrad_shared.bus_rights import principal, principal_name, principals, suite_topics

BUS = yaml.safe_load((CHART / "generated" / "bus.yaml").read_text(encoding="utf-8"))["processes"]
CONSUMERS = {name: p for name, p in BUS.items() if p["consumerGroup"]}


@pytest.fixture(scope="module")
def tools() -> ChartTools:
    return chart_tools()


@pytest.fixture(scope="module")
def manifest(tools: ChartTools, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = render(tools)
    assert result.returncode == 0, result.stderr
    path = tmp_path_factory.mktemp("chart") / "rendered.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(manifest: Path) -> list[dict[str, Any]]:
    return documents(manifest.read_text(encoding="utf-8"))


def _of_kind(rendered: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in rendered if doc["kind"] == kind}


def test_helm_lint_passes_strictly(tools: ChartTools) -> None:
    result = helm(tools, "lint", "--strict", str(CHART), "-f", str(EXAMPLE_VALUES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_rendered_manifest_is_valid_against_its_schema(
    tools: ChartTools, manifest: Path, rendered: list[dict[str, Any]]
) -> None:
    report = kubeconform(tools, manifest)
    summary = report["summary"]
    problems = [r for r in report["resources"] if r["status"] != "statusValid"]
    assert report["exit_code"] == 0 and not problems, problems
    assert summary["valid"] == len(rendered), summary
    kinds = Counter(doc["kind"] for doc in rendered)
    for kind in ("ScaledObject", "TriggerAuthentication", "KafkaTopic", "KafkaUser", "Deployment",
                 "Job", "NetworkPolicy", "PodDisruptionBudget", "Service", "Ingress"):  # fmt: skip
        assert kinds[kind], f"nothing of kind {kind} was rendered and checked"


def test_the_schema_check_refuses_an_unknown_field_and_a_wrong_type(
    tools: ChartTools, manifest: Path, tmp_path: Path
) -> None:
    docs = documents(manifest.read_text(encoding="utf-8"))
    scaled = next(doc for doc in docs if doc["kind"] == "ScaledObject")
    scaled["spec"]["maxReplicas"] = 3  # KEDA spells it maxReplicaCount
    topic = next(doc for doc in docs if doc["kind"] == "KafkaTopic")
    topic["spec"]["partitions"] = "three"
    deployment = next(doc for doc in docs if doc["kind"] == "Deployment")
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["path"] = 1
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump_all(docs), encoding="utf-8")
    report = kubeconform(tools, broken)
    invalid = {
        (r["kind"], r["name"]) for r in report["resources"] if r["status"] == "statusInvalid"
    }
    assert invalid == {
        ("ScaledObject", scaled["metadata"]["name"]),
        ("KafkaTopic", topic["metadata"]["name"]),
        ("Deployment", deployment["metadata"]["name"]),
    }


def test_a_deployment_per_process_and_the_desk_with_probes_and_resources(
    rendered: list[dict[str, Any]],
) -> None:
    deployments = _of_kind(rendered, "Deployment")
    expected = {f"konfliktrad-{p['component']}" for p in BUS.values()} | {"konfliktrad-desk"}
    assert set(deployments) == expected
    for name, deployment in deployments.items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        live = "/healthz" if name == "konfliktrad-desk" else "/livez"
        assert container["livenessProbe"]["httpGet"]["path"] == live, name
        assert container["resources"]["requests"] and container["resources"]["limits"], name
    for entry in BUS.values():
        container = deployments[f"konfliktrad-{entry['component']}"]["spec"]["template"]["spec"][
            "containers"
        ][0]
        env = {e["name"]: e for e in container["env"]}
        assert container["command"] == [entry["command"]]
        assert env[f"{entry['envPrefix']}APPLY_MIGRATIONS_ON_START"]["value"] == "false"
        assert env[f"{entry['envPrefix']}KAFKA_SASL_USERNAME"]["value"] == entry["kafkaPrincipal"]
        scrape_token = env[f"{entry['envPrefix']}METRICS_TOKEN"]["valueFrom"]["secretKeyRef"]
        assert scrape_token == {"name": "konfliktrad-metrics", "key": "token"}


def test_no_secret_value_is_in_the_chart_only_references(rendered: list[dict[str, Any]]) -> None:
    assert not [doc for doc in rendered if doc["kind"] == "Secret"]
    secret_like = ("PASSWORD", "_KEYS", "_KEY", "SECRET", "DATABASE_URL", "_TOKEN")
    workloads = [*_of_kind(rendered, "Deployment").values(), *_of_kind(rendered, "Job").values()]
    for workload in workloads:
        for container in workload["spec"]["template"]["spec"]["containers"]:
            for env in container["env"]:
                name = env["name"]
                if name.endswith("_KEY_ID") or not name.endswith((*secret_like, "_FILE")):
                    continue
                if "value" in env:
                    # A path setting: the file is a key of a Secret mounted there.
                    assert env["value"].startswith("/etc/konfliktrad/"), f"{name} holds a value"
                else:
                    assert "secretKeyRef" in env["valueFrom"], f"{name} is not a reference"


def test_a_migration_job_per_process_runs_before_install_and_upgrade(
    rendered: list[dict[str, Any]],
) -> None:
    jobs = _of_kind(rendered, "Job")
    assert set(jobs) == {f"konfliktrad-{p['component']}-migrate" for p in BUS.values()}
    for name, job in jobs.items():
        hooks = job["metadata"]["annotations"]["helm.sh/hook"].split(",")
        assert sorted(hooks) == ["pre-install", "pre-upgrade"], name
        command = job["spec"]["template"]["spec"]["containers"][0]["command"]
        assert command[:2] == ["python", "/app/migrate.py"], name


def test_a_scaled_object_per_consumer_on_its_groups_lag_within_partitions(
    rendered: list[dict[str, Any]],
) -> None:
    scaled = _of_kind(rendered, "ScaledObject")
    assert set(scaled) == {f"konfliktrad-{p['component']}" for p in CONSUMERS.values()}
    for name, entry in CONSUMERS.items():
        spec = scaled[f"konfliktrad-{entry['component']}"]["spec"]
        rights = principal(principal_name(name))
        assert spec["scaleTargetRef"]["name"] == f"konfliktrad-{entry['component']}"
        assert spec["maxReplicaCount"] <= min(t["partitions"] for t in entry["topics"]) or (
            spec["maxReplicaCount"] <= entry["maxReplicas"]
        )
        triggers = spec["triggers"]
        assert {t["metadata"]["topic"] for t in triggers} == set(rights.reads)
        for trigger in triggers:
            assert trigger["type"] == "kafka"
            assert trigger["metadata"]["consumerGroup"] == name
            assert trigger["metadata"]["allowIdleConsumers"] == "false"
            assert (trigger["metadata"]["sasl"], trigger["metadata"]["tls"]) == (
                "scram_sha512",
                "enable",
            )


def test_more_replicas_than_partitions_is_refused(tools: ChartTools) -> None:
    partitions = CONSUMERS["referral"]["maxReplicas"]
    result = render(tools, "--set", f"processes.referral.maxReplicas={partitions + 1}")
    assert result.returncode != 0
    assert "more replicas would sit idle" in result.stderr


def test_the_strimzi_resources_are_the_table_of_bus_rights(rendered: list[dict[str, Any]]) -> None:
    topics = _of_kind(rendered, "KafkaTopic")
    assert {t["spec"]["topicName"] for t in topics.values()} == set(suite_topics())
    assert set(_of_kind(rendered, "KafkaUser")) == {p.name for p in principals()}
    for resource in [*topics.values(), *_of_kind(rendered, "KafkaUser").values()]:
        assert resource["metadata"]["labels"]["strimzi.io/cluster"] == "konfliktrad"


def test_network_policies_deny_by_default_and_allow_the_named_flows(
    rendered: list[dict[str, Any]],
) -> None:
    policies = _of_kind(rendered, "NetworkPolicy")
    deny = policies["konfliktrad-default-deny"]["spec"]
    assert sorted(deny["policyTypes"]) == ["Egress", "Ingress"]
    assert "ingress" not in deny and "egress" not in deny
    kafka = policies["konfliktrad-kafka-client"]["spec"]
    assert [p["port"] for p in kafka["egress"][0]["ports"]] == [9093]
    desk_egress = policies["konfliktrad-desk"]["spec"]["egress"]
    api_ports = {p["port"] for rule in desk_egress[:-1] for p in rule["ports"]}
    assert api_ports == {8001, 8002, 8003, 8004}
    for adapter in ("prosecution-adapter", "correctional-adapter"):
        egress = policies[f"konfliktrad-{adapter}"]["spec"]["egress"]
        assert [p["port"] for rule in egress for p in rule["ports"]] == [443]


def test_without_keda_strimzi_policies_and_desk_it_still_renders_valid_fixed_replicas(
    tools: ChartTools, tmp_path: Path
) -> None:
    result = render(
        tools,
        "--set",
        "autoscaling.enabled=false,strimzi.topicsAndUsers=false,networkPolicy.enabled=false,"
        "desk.enabled=false,ingress.enabled=false,migrations.enabled=false",
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "plain.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    report = kubeconform(tools, path)
    assert report["exit_code"] == 0, report["resources"]
    rendered = documents(result.stdout)
    assert {doc["kind"] for doc in rendered} == {"Deployment", "Service", "PodDisruptionBudget"}
    for deployment in _of_kind(rendered, "Deployment").values():
        assert deployment["spec"]["replicas"] >= 1


def test_the_desk_answers_the_paths_its_probes_ask(
    rendered: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from desk.main import create_app

    monkeypatch.setenv("DESK_OIDC_ISSUER", "https://login.konfliktraadet.example")
    monkeypatch.setenv("DESK_OIDC_CLIENT_ID", "konfliktrad-desk")
    monkeypatch.setenv("DESK_SESSION_SECRET", "s" * 48)
    container = _of_kind(rendered, "Deployment")["konfliktrad-desk"]["spec"]["template"]["spec"][
        "containers"
    ][0]
    client = TestClient(create_app())
    for probe in ("livenessProbe", "readinessProbe"):
        path = container[probe]["httpGet"]["path"]
        assert client.get(path).status_code == 200, (probe, path)
