"""The Helm chart as its tests render it: helm and kubeconform from `devtools chart-tools`,
installed by deploy/local/install.sh (cached; a registry that cannot be reached skips the
chart tests, loudly)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from devtools.chart_tools import ChartTools, RegistryUnreachable, ensure_tools

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "deploy" / "helm" / "konfliktrad"
EXAMPLE_VALUES = CHART / "ci" / "example-values.yaml"
# The Kubernetes release whose schemas the manifests are checked against (devtools.chart_tools).
KUBERNETES_VERSION = "1.34.0"


def chart_tools() -> ChartTools:
    try:
        return ensure_tools()
    except RegistryUnreachable as exc:
        rule = "!" * 78
        banner = (
            f"\n{rule}\nTHE HELM CHART WAS NOT CHECKED: a package registry is unreachable, so "
            f"helm, kubeconform or the schemas could not be installed.\n{exc}\n{rule}"
        )
        print(banner, file=sys.stderr)
        pytest.skip(f"chart not checked, a package registry is unreachable: {exc}")


def helm(tools: ChartTools, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(tools.helm), *args], capture_output=True, text=True, timeout=120, check=False
    )


def render(tools: ChartTools, *extra: str) -> subprocess.CompletedProcess[str]:
    return helm(
        tools, "template", "konfliktrad", str(CHART), "--namespace", "konfliktrad",
        "--kube-version", KUBERNETES_VERSION, "-f", str(EXAMPLE_VALUES), *extra,
    )  # fmt: skip


def documents(manifest: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(manifest) if doc]


def kubeconform(tools: ChartTools, manifest: Path) -> dict[str, Any]:
    """kubeconform's JSON report of every resource in `manifest`: strict (unknown fields are
    errors), and a kind without a schema is an error, never a skip."""
    command = [str(tools.kubeconform), "-strict", "-summary", "-output", "json"]
    for location in tools.schema_locations():
        command += ["-schema-location", location]
    result = subprocess.run(
        [*command, str(manifest)], capture_output=True, text=True, timeout=120, check=False
    )
    report: dict[str, Any] = json.loads(result.stdout)
    report["exit_code"] = result.returncode
    return report
