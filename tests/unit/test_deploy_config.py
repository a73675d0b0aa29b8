"""deploy/ (compose, Dockerfiles, init.sql, .env.example) agrees with the code's settings.

No Docker engine is needed: these read the files. A renamed setting, a new workspace member
or a new service shows up here instead of as a container that will not start.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APPS = sorted(
    name for name, service in SERVICES.items() if "build" in service and "-migrate" not in name
)
SHARED_NAMES = {
    "KAFKA_BOOTSTRAP_SERVERS",
    "KONFLIKTRAD_HEALTH_PORT",
    "KONFLIKTRAD_STATE_DIR",
    "KONFLIKTRAD_CONTACT_KEYS",
}


def _migrate_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migrate", DEPLOY / "docker" / "migrate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGETS: dict[str, tuple[str, str]] = _migrate_script().TARGETS


def _settings_class(target: str) -> Any:
    package, class_name = TARGETS[target]
    return getattr(importlib.import_module(f"{package}.config"), class_name)


def _target_of(service: str) -> str:
    return service.replace("-", "_")


def test_every_process_of_the_suite_has_a_service_and_a_migration_job() -> None:
    assert sorted(_target_of(name) for name in APPS) == sorted(TARGETS)
    for name in APPS:
        job = SERVICES[f"{name}-migrate"]
        assert job["command"] == ["python", "/app/migrate.py", _target_of(name)]
        assert job["image"] == SERVICES[name]["image"]
        assert SERVICES[name]["depends_on"][f"{name}-migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_dependencies_exist() -> None:
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"


@pytest.mark.parametrize("name", APPS)
def test_environment_names_are_settings_of_the_process(name: str) -> None:
    settings = _settings_class(_target_of(name))
    prefix = settings.model_config["env_prefix"]
    fields = set(settings.model_fields)
    for variable in SERVICES[name]["environment"]:
        if variable in SHARED_NAMES:
            continue
        assert variable.startswith(prefix), f"{name}: {variable} is not read by {prefix}*"
        assert variable.removeprefix(prefix).lower() in fields, f"{name}: no setting {variable}"


@pytest.mark.parametrize("name", APPS)
def test_migration_job_and_service_use_one_database(name: str) -> None:
    prefix = _settings_class(_target_of(name)).model_config["env_prefix"]
    url = SERVICES[name]["environment"][f"{prefix}DATABASE_URL"]
    assert SERVICES[f"{name}-migrate"]["environment"] == {f"{prefix}DATABASE_URL": url}
    assert url.startswith("postgresql+asyncpg://")
    database = _target_of(name)
    assert url.endswith(f"@postgres:5432/{database}")
    assert url.startswith(f"postgresql+asyncpg://{database}:")
    init_sql = (DEPLOY / "postgres" / "init.sql").read_text(encoding="utf-8")
    assert f"CREATE ROLE {database} LOGIN" in init_sql
    assert f"CREATE DATABASE {database} OWNER {database};" in init_sql


@pytest.mark.parametrize("name", APPS)
def test_processes_on_postgresql_are_given_their_keys(name: str) -> None:
    """field_crypto refuses to generate keys on PostgreSQL; whoever uses it needs both."""
    package, _ = TARGETS[_target_of(name)]
    main_source = (REPO / "services" / package / "src" / package / "main.py").read_text()
    prefix = _settings_class(_target_of(name)).model_config["env_prefix"]
    environment = SERVICES[name]["environment"]
    if "field_crypto(" in main_source:
        assert f"{prefix}FIELD_KEYS" in environment
        assert f"{prefix}BLIND_INDEX_KEY" in environment
    if "ContactSeal.from_setting(" in main_source:
        assert "KONFLIKTRAD_CONTACT_KEYS" in environment
    if "authenticator_from_settings(" in main_source:
        assert environment[f"{prefix}AUTH_JWKS_FILE"] == "/etc/konfliktrad/jwks.json"
        assert any(
            volume.get("target") == "/etc/konfliktrad/jwks.json"
            for volume in SERVICES[name].get("volumes", [])
        )


def test_every_required_variable_is_in_the_env_example() -> None:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z0-9_]+)(?::\?[^}]*)?\}", text))
    defaulted = set(re.findall(r"\$\{([A-Z0-9_]+):-", text))
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert required - defaulted <= listed
    assert defaulted <= listed


def test_images_copy_every_workspace_member_and_set_their_processes_up() -> None:
    root = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    members = sorted(
        path.parent.relative_to(REPO).as_posix()
        for pattern in root["tool"]["uv"]["workspace"]["members"]
        for path in REPO.glob(f"{pattern}/pyproject.toml")
    )
    dockerfiles = {
        service["build"]["dockerfile"] for service in SERVICES.values() if "build" in service
    }
    for dockerfile in sorted(dockerfiles):
        text = (REPO / dockerfile).read_text(encoding="utf-8")
        for member in members:
            assert f"COPY {member}/pyproject.toml {member}/" in text, (dockerfile, member)
        assert "uv sync --frozen --no-dev --no-editable" in text
        assert "USER 10001:10001" in text
    for name in APPS:
        prefix = _settings_class(_target_of(name)).model_config["env_prefix"]
        text = (REPO / SERVICES[name]["build"]["dockerfile"]).read_text(encoding="utf-8")
        assert f"{prefix}HTTP_HOST=0.0.0.0" in text
        assert f"{prefix}APPLY_MIGRATIONS_ON_START=false" in text
        port = _settings_class(_target_of(name)).model_fields["http_port"].default
        assert f"127.0.0.1:{port}:{port}" in SERVICES[name]["ports"]
        health_port = SERVICES[name]["environment"].get("KONFLIKTRAD_HEALTH_PORT")
        assert str(port) == str(health_port) or f"KONFLIKTRAD_HEALTH_PORT={port}" in text
