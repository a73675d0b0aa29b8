"""deploy/compose.yaml as the deployment tests read it: its containers, which process of the
suite each one runs, and which secret is mounted where."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from konfliktrad_shared.bus_rights import principal_name

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
SECRETS: dict[str, dict[str, str]] = COMPOSE["secrets"]
SECRETS_DIR = "${KONFLIKTRAD_COMPOSE_SECRETS:-../.local/compose}/"
BUILT = sorted(name for name, service in SERVICES.items() if "build" in service)
# Containers of the devtools image: Kafka provisioning and the agency inbox stand-ins.
TOOLING = {"kafka-provision", "prosecution-inbox", "correctional-inbox"}
# The staff desk: web pages over the services' APIs, no database and no principal on the bus.
WEB = {"desk"}
APPS = sorted(
    name for name in BUILT if "-migrate" not in name and name not in TOOLING and name not in WEB
)
ADAPTERS = ["prosecution-adapter", "correctional-adapter"]


def _migrate_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migrate", DEPLOY / "docker" / "migrate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGETS: dict[str, tuple[str, str]] = _migrate_script().TARGETS


def target_of(service: str) -> str:
    return service.replace("-", "_")


def settings_class(target: str) -> Any:
    package, class_name = TARGETS[target]
    return getattr(importlib.import_module(f"{package}.config"), class_name)


def prefix_of(service: str) -> str:
    return str(settings_class(target_of(service)).model_config["env_prefix"])


def principal_of(service: str) -> str:
    """The principal the process is on the bus (`bus_rights.principal_name`)."""
    default = settings_class(target_of(service)).model_fields["service_name"].default
    return principal_name(default)


def mounts(service: str) -> dict[str, str]:
    """Where each secret is mounted in the container: path -> secret name."""
    found = {}
    for secret in SERVICES[service].get("secrets", []):
        target = secret["target"]
        found[target if target.startswith("/") else f"/run/secrets/{target}"] = secret["source"]
    return found


def secret_file(source: str) -> str:
    """The secret's file, relative to the directory `devtools compose secrets` writes."""
    file = SECRETS[source]["file"]
    assert file.startswith(SECRETS_DIR), source
    return file.removeprefix(SECRETS_DIR)
