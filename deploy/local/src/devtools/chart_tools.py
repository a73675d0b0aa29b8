"""`devtools chart-tools`: helm, kubeconform and the schemas the chart is checked against.

Everything comes from the package registries this project uses, pinned, and is kept under
`$KONFLIKTRAD_CHART_TOOLS` (default `~/.cache/konfliktrad/chart-tools`), so a second run costs
nothing:

- helm and kubeconform: `go install` of their modules;
- Kubernetes' own schemas: the `kubernetes-validate` wheel (PyPI) ships them per Kubernetes
  version; its references point at a web address, rewritten here to the file beside them;
- KEDA's CRDs: the `github.com/kedacore/keda/v2` module's `config/crd/bases`;
- Strimzi's CRDs: generated from `io.strimzi:api` by Strimzi's own `crd-generator` (both on
  Maven Central; Strimzi publishes no CRD file there).

The CRDs' `openAPIV3Schema` becomes JSON Schema the way kubeconform's openapi2jsonschema does
it (hand-written here: that script is not packaged; the rules are a dozen lines).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # pyyaml ships no type information

from devtools.cli import Command

HELM = "helm.sh/helm/v3/cmd/helm@v3.22.0"
KUBECONFORM = "github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0"
KUBERNETES_SCHEMAS = ("kubernetes-validate==1.37.0", "v1.34.0-local-strict")
KEDA = "github.com/kedacore/keda/v2@v2.21.0"
KEDA_CRDS = ("keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml")
STRIMZI_API = ("io.strimzi", "api", "0.51.0")
# The last crd-generator that runs on Java 17; it reads the api's annotations unchanged.
STRIMZI_CRD_GENERATOR = ("io.strimzi", "crd-generator", "0.45.0")
STRIMZI_KINDS = {
    "KafkaTopic": "io.strimzi.api.kafka.model.topic.KafkaTopic",
    "KafkaUser": "io.strimzi.api.kafka.model.user.KafkaUser",
}
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# What the clients print when a registry cannot be reached (as opposed to a wrong pin).
_UNREACHABLE = (
    "dial tcp",
    "no such host",
    "connection refused",
    "i/o timeout",
    "tls handshake timeout",
    "network is unreachable",
    "temporary failure in name resolution",
    "could not transfer artifact",
    "unknownhostexception",
    "connect timed out",
    "failed to fetch",
    "error sending request",
    "connection reset",
)


class ToolInstallError(RuntimeError):
    """A tool or schema could not be installed (a wrong pin, a changed package)."""


class RegistryUnreachable(ToolInstallError):
    """A package registry did not answer: the chart cannot be checked on this machine now."""


@dataclass(frozen=True)
class ChartTools:
    helm: Path
    kubeconform: Path
    kubernetes_schemas: Path
    crd_schemas: Path

    def schema_locations(self) -> list[str]:
        crd_file = "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
        return [
            f"{self.kubernetes_schemas}/" + "{{ .ResourceKind }}{{ .KindSuffix }}.json",
            f"{self.crd_schemas}/{crd_file}",
        ]


def cache_dir() -> Path:
    configured = os.environ.get("KONFLIKTRAD_CHART_TOOLS")
    return (
        Path(configured) if configured else Path.home() / ".cache" / "konfliktrad" / "chart-tools"
    )


def ensure_tools(root: Path | None = None) -> ChartTools:
    """Installs what is missing and returns where everything is; fast when all is cached."""
    base = root or cache_dir()
    tools = ChartTools(
        helm=_go_tool(base, HELM, "helm"),
        kubeconform=_go_tool(base, KUBECONFORM, "kubeconform"),
        kubernetes_schemas=_kubernetes_schemas(base),
        crd_schemas=base / "schemas" / "crds",
    )
    _keda_schemas(base, tools.crd_schemas)
    _strimzi_schemas(base, tools.crd_schemas)
    return tools


# --- installing ------------------------------------------------------------------------


def _run(command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ToolInstallError(f"{command[0]} is not installed: {exc}") from exc
    output = result.stdout + result.stderr
    if result.returncode != 0:
        what = f"{' '.join(command[:3])} failed ({result.returncode}):\n{output[-3000:]}"
        if any(sign in output.lower() for sign in _UNREACHABLE):
            raise RegistryUnreachable(what)
        raise ToolInstallError(what)
    return result.stdout


def _done(stamp: Path) -> bool:
    return stamp.is_file()


def _mark(stamp: Path) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("ok\n", encoding="utf-8")


def _go_tool(base: Path, module: str, binary: str) -> Path:
    bin_dir = base / "bin"
    path = bin_dir / binary
    stamp = bin_dir / f".{binary}-{module.rsplit('@', 1)[1]}"
    if path.is_file() and _done(stamp):
        return path
    bin_dir.mkdir(parents=True, exist_ok=True)
    _run(["go", "install", module], env={"GOBIN": str(bin_dir)})
    _mark(stamp)
    return path


def _kubernetes_schemas(base: Path) -> Path:
    requirement, version_dir = KUBERNETES_SCHEMAS
    target = base / "schemas" / "kubernetes" / version_dir
    stamp = target / f".{requirement}"
    if _done(stamp):
        return target
    # uv installs the wheel into its own cache; only its schema files are taken from there.
    package = _run(
        ["uv", "run", "--no-project", "--isolated", "--with", requirement, "python", "-c",
         "import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))"],
    ).strip().splitlines()[-1]  # fmt: skip
    source = Path(package) / "kubernetes-json-schema" / version_dir
    if not source.is_dir():
        raise ToolInstallError(f"{requirement} has no {version_dir} schemas")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for schema in source.glob("*.json"):
        document = json.loads(schema.read_text(encoding="utf-8"))
        # `$id` and absolute references name a web address; the definitions sit beside.
        document.pop("$id", None)
        text = json.dumps(document).replace('"/api/_definitions.json#', '"_definitions.json#')
        (target / schema.name).write_text(text, encoding="utf-8")
    _mark(stamp)
    return target


def _keda_schemas(base: Path, crd_dir: Path) -> None:
    stamp = crd_dir / f".keda-{KEDA.rsplit('@', 1)[1]}"
    if _done(stamp):
        return
    downloaded = json.loads(_run(["go", "mod", "download", "-json", KEDA]))
    bases = Path(downloaded["Dir"]) / "config" / "crd" / "bases"
    for name in KEDA_CRDS:
        write_crd_schemas(yaml.safe_load((bases / name).read_text(encoding="utf-8")), crd_dir)
    _mark(stamp)


def _strimzi_schemas(base: Path, crd_dir: Path) -> None:
    stamp = crd_dir / f".strimzi-{STRIMZI_API[2]}"
    if _done(stamp):
        return
    work = Path(tempfile.mkdtemp(prefix="strimzi-crds-", dir=base))
    try:
        dependencies = "".join(
            f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
            f"<version>{v}</version></dependency>"
            for g, a, v in (STRIMZI_API, STRIMZI_CRD_GENERATOR)
        )
        (work / "pom.xml").write_text(
            '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            "<groupId>local</groupId><artifactId>strimzi-crds</artifactId><version>1</version>"
            f"<dependencies>{dependencies}</dependencies></project>",
            encoding="utf-8",
        )
        _run(
            ["mvn", "-q", "-B", f"{DEPENDENCY_PLUGIN}:build-classpath", "-Dmdep.outputFile=cp.txt"],
            cwd=work,
        )
        classpath = (work / "cp.txt").read_text(encoding="utf-8").strip()
        outputs = {kind: work / f"{kind}.yaml" for kind in STRIMZI_KINDS}
        _run(
            ["java", "-cp", classpath, "io.strimzi.crdgenerator.CrdGenerator", "--yaml",
             "--crd-api-version", "v1", "--api-versions", "v1beta2", "--storage-version", "v1beta2",
             *(f"{STRIMZI_KINDS[kind]}={path}" for kind, path in outputs.items())],
            cwd=work,
        )  # fmt: skip
        for path in outputs.values():
            write_crd_schemas(yaml.safe_load(path.read_text(encoding="utf-8")), crd_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _mark(stamp)


# --- CRD -> JSON Schema ----------------------------------------------------------------


def write_crd_schemas(crd: dict[str, Any], crd_dir: Path) -> list[Path]:
    """One strict JSON Schema per served version, named as kubeconform looks them up."""
    spec = crd["spec"]
    kind = spec["names"]["kind"].lower()
    written = []
    for version in spec["versions"]:
        schema = strict_schema(version["schema"]["openAPIV3Schema"])
        path = crd_dir / spec["group"] / f"{kind}_{version['name']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, indent=1), encoding="utf-8")
        written.append(path)
    return written


def strict_schema(node: Any) -> Any:
    """An OpenAPI v3 (Kubernetes structural) schema as JSON Schema that refuses unknown keys."""
    if isinstance(node, list):
        return [strict_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    # Property names are data, not keywords: only the schemas beneath them are converted.
    converted = {
        key: (
            {name: strict_schema(value) for name, value in node["properties"].items()}
            if key == "properties"
            else strict_schema(value)
        )
        for key, value in node.items()
    }
    if converted.pop("x-kubernetes-int-or-string", False):
        converted.pop("type", None)
        converted["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if converted.pop("nullable", False) and isinstance(converted.get("type"), str):
        converted["type"] = [converted["type"], "null"]
    open_ended = converted.get("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in converted and "additionalProperties" not in converted and not open_ended:
        converted["additionalProperties"] = False
    return converted


def _cli(_: argparse.Namespace) -> int:
    try:
        tools = ensure_tools()
    except RegistryUnreachable as exc:
        print(f"chart tools NOT installed: a package registry is unreachable\n{exc}")
        return 3
    print(f"helm: {tools.helm}\nkubeconform: {tools.kubeconform}")
    print(f"schemas: {tools.kubernetes_schemas}, {tools.crd_schemas}")
    return 0


COMMAND = Command(
    help="install helm, kubeconform and the Kubernetes/KEDA/Strimzi schemas the chart tests use",
    configure=lambda parser: None,
    run=_cli,
)
