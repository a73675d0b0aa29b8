"""The Helm chart's generated part is exactly what the code's tables give today.

When this fails, the table of bus rights, a consumer's topics or a service's settings changed:
regenerate with `uv run python -m devtools chart` (or `devtools bus`) and commit
deploy/helm/konfliktrad/generated/ with the change.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from devtools import bus_manifests, chart_values
from konfliktrad_shared.bus_rights import principal, principal_name

CHART = Path(__file__).resolve().parents[2] / "deploy" / "helm" / "konfliktrad"


def test_committed_generated_files_match_the_code() -> None:
    stale = [
        relative
        for relative, text in chart_values.generated_files().items()
        if (CHART / relative).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"stale, regenerate with `python -m devtools chart`: {stale}"


def test_the_chart_carries_the_same_strimzi_resources_as_deploy_kafka() -> None:
    kafka = bus_manifests.manifests_dir()
    generated = CHART / "generated"
    assert (generated / "strimzi-users.yaml").read_bytes() == (kafka / "users.yaml").read_bytes()
    assert (generated / "strimzi-topics.yaml").read_bytes() == (kafka / "topics.yaml").read_bytes()


def test_each_consumer_group_and_its_topics_are_the_tables() -> None:
    bus = yaml.safe_load((CHART / "generated" / "bus.yaml").read_text(encoding="utf-8"))
    for name, entry in bus["processes"].items():
        rights = principal(principal_name(name))
        assert entry["kafkaPrincipal"] == rights.name
        assert [t["name"] for t in entry["topics"]] == sorted(rights.reads)
        assert entry["consumerGroup"] == (name if rights.reads else None)
        assert entry["maxReplicas"] == (bus_manifests.PARTITIONS if rights.reads else 0)


def test_every_process_of_the_table_has_values_and_defaults_stay_within_partitions() -> None:
    bus = yaml.safe_load((CHART / "generated" / "bus.yaml").read_text(encoding="utf-8"))
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    assert sorted(values["processes"]) == sorted(bus["processes"])
    for name, entry in bus["processes"].items():
        if entry["consumerGroup"]:
            assert values["processes"][name]["maxReplicas"] <= entry["maxReplicas"], name


def test_every_image_the_chart_runs_is_built_by_a_dockerfile_with_its_command() -> None:
    bus = yaml.safe_load((CHART / "generated" / "bus.yaml").read_text(encoding="utf-8"))
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    commands = [(p["image"], p["command"]) for p in bus["processes"].values()]
    commands.append((values["desk"]["image"], "konfliktrad-desk"))
    docker = CHART.parents[1] / "docker"
    for image, command in commands:
        dockerfile = docker / f"{image}.Dockerfile"
        assert dockerfile.is_file(), f"the chart runs image {image!r}, which nothing builds"
        assert command in dockerfile.read_text(encoding="utf-8"), (image, command)
