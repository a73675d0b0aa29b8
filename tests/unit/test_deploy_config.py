"""deploy/ (compose, Dockerfiles, init.sql, .env.example) agrees with the code's settings.

No Docker engine is needed: these read the files. A renamed setting, a new workspace member
or a new service shows up here instead of as a container that will not start.
"""

from __future__ import annotations

import argparse
import base64
import importlib
import importlib.util
import re
import stat
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from devtools import bus_access, compose_secrets, kafka, kafka_cli
from devtools.__main__ import COMMANDS
from devtools.kafka_security import ADMIN, BROKER
from konfliktrad_shared import bus_rights
from konfliktrad_shared.kafka_access import SCRAM_SHA_512, SecurityProtocol

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
BUILT = sorted(name for name, service in SERVICES.items() if "build" in service)
# Containers of the devtools image: Kafka provisioning and the agency inbox stand-ins.
TOOLING = {"kafka-provision", "prosecution-inbox", "correctional-inbox"}
APPS = sorted(name for name in BUILT if "-migrate" not in name and name not in TOOLING)
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
    tooling_image = SERVICES["kafka-provision"]["image"]
    assert tooling_image.startswith("konfliktrad/devtools:")
    assert all(SERVICES[name]["image"] == tooling_image for name in TOOLING)
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


# --- the bus: SASL_SSL only, least privilege, one principal per process ------------------

KAFKA = SERVICES["kafka"]
BROKER_CONFIG = DEPLOY / "docker" / "kafka" / "server.properties"
BROKER_START = DEPLOY / "docker" / "kafka" / "start.sh"
SECRETS: dict[str, dict[str, str]] = COMPOSE["secrets"]
SECRETS_DIR = "${KONFLIKTRAD_COMPOSE_SECRETS:-../.local/compose}/"


def _properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith("#")}


def _broker() -> dict[str, str]:
    """The committed configuration plus the lines start.sh appends at start."""
    appended = re.findall(r'^\s*echo "([a-z.\-]+=[^"]*)', BROKER_START.read_text(), re.MULTILINE)
    return _properties(BROKER_CONFIG.read_text(encoding="utf-8") + "\n" + "\n".join(appended))


def _listeners(value: str) -> dict[str, str]:
    return dict(entry.split("://", 1) for entry in value.split(","))


def _mounts(name: str) -> dict[str, str]:
    """Where each secret is mounted in the container: path -> secret name."""
    mounts = {}
    for secret in SERVICES[name].get("secrets", []):
        target = secret["target"]
        mounts[target if target.startswith("/") else f"/run/secrets/{target}"] = secret["source"]
    return mounts


def _secret_file(source: str) -> str:
    file = SECRETS[source]["file"]
    assert file.startswith(SECRETS_DIR), source
    return file.removeprefix(SECRETS_DIR)


def test_no_plaintext_listener_anywhere() -> None:
    for path in (DEPLOY / "compose.yaml", BROKER_CONFIG, BROKER_START):
        assert "PLAINTEXT" not in path.read_text(encoding="utf-8"), path
    broker = _broker()
    protocols = dict(
        entry.split(":") for entry in broker["listener.security.protocol.map"].split(",")
    )
    listeners = _listeners(broker["listeners"])
    assert set(listeners) == set(protocols)
    controller = broker["controller.listener.names"]
    assert protocols.pop(controller) == "SSL"
    assert broker[f"listener.name.{controller.lower()}.ssl.client.auth"] == "required"
    assert listeners[controller].startswith("127.0.0.1:")
    assert set(protocols.values()) == {"SASL_SSL"}
    assert set(_listeners(broker["advertised.listeners"])) == set(protocols)
    assert broker["inter.broker.listener.name"] in protocols
    assert broker["sasl.enabled.mechanisms"] == SCRAM_SHA_512
    assert broker["sasl.mechanism.inter.broker.protocol"] == SCRAM_SHA_512


def test_the_authorizer_denies_whatever_the_table_does_not_grant() -> None:
    broker = _broker()
    assert broker["authorizer.class.name"].endswith(".StandardAuthorizer")
    assert broker["allow.everyone.if.no.acl.found"] == "false"
    assert set(broker["super.users"].split(";")) == {f"User:{ADMIN}", f"User:{BROKER}"}
    # The broker's certificate is `broker` on the controller listener, nobody else's is.
    assert broker["ssl.principal.mapping.rules"] == rf"RULE:^CN=kafka$/{BROKER}/,DEFAULT"
    assert broker["auto.create.topics.enable"] == "false"


def test_host_clients_reach_the_broker_on_loopback_over_sasl_ssl() -> None:
    broker = _broker()
    host = _listeners(broker["advertised.listeners"])["HOST"]
    assert host == "127.0.0.1:$KAFKA_HOST_PORT"
    assert _listeners(broker["listeners"])["HOST"].endswith(":9094")
    assert KAFKA["ports"] == ["127.0.0.1:${KAFKA_HOST_PORT:-9094}:9094"]
    assert KAFKA["environment"]["KAFKA_HOST_PORT"] == "${KAFKA_HOST_PORT:-9094}"
    assert _listeners(broker["advertised.listeners"])["CLIENT"] == "kafka:9092"


def test_the_broker_mounts_what_its_configuration_reads() -> None:
    assert KAFKA["command"] == ["bash", "/etc/konfliktrad/kafka/start.sh"]
    volumes = set(KAFKA["volumes"])
    assert "./docker/kafka/start.sh:/etc/konfliktrad/kafka/start.sh:ro" in volumes
    config = "./docker/kafka/server.properties:/etc/konfliktrad/kafka/server.properties:ro"
    assert config in volumes
    mounts = _mounts("kafka")
    text = BROKER_CONFIG.read_text(encoding="utf-8") + BROKER_START.read_text(encoding="utf-8")
    read = set(re.findall(r"/run/secrets/[\w.-]+", text))
    read |= {f"/run/secrets/{name}" for name in re.findall(r'"\$secrets/([\w.-]+)"', text)}
    assert read == set(mounts), "server.properties and start.sh read exactly what is mounted"
    assert _secret_file(mounts["/run/secrets/broker.password"]) == f"principals/{BROKER}.password"
    assert "--add-scram" in BROKER_START.read_text(encoding="utf-8")


def test_scram_users_are_every_login_salted_for_the_format() -> None:
    table = {p.name for p in bus_rights.principals()}
    assert set(compose_secrets.logins()) == table | {ADMIN, BROKER}
    credential = compose_secrets.scram_credential("referral", "s3cret", salt=b"salt" * 8)
    match = re.fullmatch(
        r'SCRAM-SHA-512=\[name=referral,iterations=(\d+),salt="(.+)",saltedpassword="(.+)"\]',
        credential,
    )
    assert match is not None and "s3cret" not in credential
    assert 4096 <= int(match[1]) <= 16384  # what Kafka accepts for SCRAM-SHA-512
    assert base64.b64decode(match[2]) == b"salt" * 8
    assert len(base64.b64decode(match[3])) == 64


@pytest.mark.parametrize("name", APPS)
def test_every_process_connects_as_its_own_principal(name: str) -> None:
    settings = _settings_class(_target_of(name))
    prefix = settings.model_config["env_prefix"]
    principal = bus_rights.principal_name(settings.model_fields["service_name"].default)
    assert bus_rights.principal(principal)
    environment, mounts = SERVICES[name]["environment"], _mounts(name)
    assert environment["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert environment[f"{prefix}KAFKA_SASL_USERNAME"] == principal
    password = mounts[environment[f"{prefix}KAFKA_SASL_PASSWORD_FILE"]]
    assert _secret_file(password) == f"principals/{principal}.password"
    assert _secret_file(mounts[environment[f"{prefix}KAFKA_SSL_CAFILE"]]) == "ca.pem"
    assert f"{prefix}KAFKA_SASL_PASSWORD" not in environment
    assert f"{prefix}KAFKA_SECURITY_PROTOCOL" not in environment  # SASL_SSL by default


def test_no_two_containers_share_a_kafka_password() -> None:
    holders: dict[str, list[str]] = {}
    for name in SERVICES:
        for source in _mounts(name).values():
            if _secret_file(source).startswith("principals/"):
                holders.setdefault(source, []).append(name)
    assert all(len(names) == 1 for names in holders.values()), holders
    assert holders["kafka-password-broker"] == ["kafka"]
    assert holders["kafka-password-admin"] == ["kafka-provision"]


@pytest.mark.parametrize("name", APPS)
def test_the_mounted_credentials_configure_the_process(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the local profile (PostgreSQL) nothing is filled in: compose's settings alone
    must make a complete SASL_SSL login, or the process would stop at start."""
    settings = _settings_class(_target_of(name))
    prefix = settings.model_config["env_prefix"]
    for path in _mounts(name):
        (tmp_path / Path(path).name).write_text(f"contents of {path}\n")
    for variable, value in SERVICES[name]["environment"].items():
        if variable.startswith(f"{prefix}KAFKA_") or variable == "KAFKA_BOOTSTRAP_SERVERS":
            local = str(value).replace("/run/secrets/", f"{tmp_path}/")
            monkeypatch.setenv(variable, local)
    monkeypatch.setenv(f"{prefix}DATABASE_URL", "postgresql+asyncpg://u:p@postgres:5432/d")
    access = settings().kafka_access()
    assert access.protocol is SecurityProtocol.SASL_SSL
    assert access.username == SERVICES[name]["environment"][f"{prefix}KAFKA_SASL_USERNAME"]
    assert access.password == "contents of /run/secrets/kafka-password"
    assert access.cafile == tmp_path / "ca.pem"


def test_topics_and_acls_are_provisioned_from_the_table_before_any_service() -> None:
    job = SERVICES["kafka-provision"]
    assert job["command"] == ["konfliktrad-dev", "kafka", "provision"]
    assert COMMANDS["kafka"] == kafka_cli.__name__
    parser = argparse.ArgumentParser()
    kafka_cli.COMMAND.configure(parser)
    assert parser.parse_args(job["command"][2:]).action == "provision"
    assert job["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    environment, mounts = job["environment"], _mounts("kafka-provision")
    assert set(environment) == {
        kafka.BOOTSTRAP_ENV,
        bus_access.CAFILE_ENV,
        bus_access.PRINCIPALS_DIR_ENV,
    }
    admin = mounts[f"{environment[bus_access.PRINCIPALS_DIR_ENV]}/{ADMIN}.password"]
    assert _secret_file(admin) == f"principals/{ADMIN}.password"
    assert _secret_file(mounts[environment[bus_access.CAFILE_ENV]]) == "ca.pem"
    for name in APPS:
        condition = SERVICES[name]["depends_on"]["kafka-provision"]["condition"]
        assert condition == "service_completed_successfully"


def test_devtools_writes_every_secret_compose_mounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    made = compose_secrets.write_secrets()
    assert made.directory == tmp_path / "compose"
    assert stat.S_IMODE(made.directory.stat().st_mode) == 0o700
    for source in SECRETS:
        file = made.directory / _secret_file(source)
        assert file.is_file(), source
        # Bind-mounted with the host's mode into containers of other users.
        assert stat.S_IMODE(file.stat().st_mode) == 0o444, source
    used = {source for name in SERVICES for source in _mounts(name).values()}
    assert used == set(SECRETS)


@pytest.mark.parametrize("name", ["prosecution-adapter", "correctional-adapter"])
def test_agency_adapters_deliver_over_https_with_their_own_certificate_and_key(
    name: str,
) -> None:
    settings = _settings_class(_target_of(name))
    prefix = settings.model_config["env_prefix"]
    principal = bus_rights.principal_name(settings.model_fields["service_name"].default)
    environment, mounts = SERVICES[name]["environment"], _mounts(name)
    inbox = f"{name.removesuffix('-adapter')}-inbox"
    assert environment[f"{prefix}AGENCY_ENDPOINT"] == f"https://{inbox}:8443/inbox"
    assert SERVICES[name]["depends_on"][inbox] == {"condition": "service_healthy"}
    for variable, file in (
        ("AGENCY_CLIENT_CERT", "cert.pem"),
        ("AGENCY_CLIENT_KEY", "key.pem"),
        ("AGENCY_SIGNING_KEY_FILE", "signing.pem"),
    ):
        assert _secret_file(mounts[environment[prefix + variable]]) == f"agency/{principal}/{file}"
    assert _secret_file(mounts[environment[f"{prefix}AGENCY_CA_FILE"]]) == "ca.pem"
    assert environment[f"{prefix}AGENCY_SIGNING_KEY_ID"] == principal
    # The inbox trusts this adapter's public key under its key id, and no other key.
    trusted = [arg for arg in SERVICES[inbox]["command"] if arg.startswith("--trust=")]
    assert len(trusted) == 1
    key_id, path = trusted[0].removeprefix("--trust=").split("=")
    assert key_id == principal
    assert _secret_file(_mounts(inbox)[path]) == f"agency/{principal}/signing.pub.pem"


def test_mail_goes_over_starttls() -> None:
    environment = SERVICES["notification"]["environment"]
    assert environment["NOTIFICATION_SMTP_SECURITY"] == "starttls"
    assert _secret_file(_mounts("notification")[environment["NOTIFICATION_SMTP_CA_FILE"]]) == (
        "ca.pem"
    )
    assert SERVICES["mailpit"]["environment"]["MP_SMTP_REQUIRE_STARTTLS"] == "true"
