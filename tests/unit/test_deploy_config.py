"""deploy/ (compose, Dockerfiles, the broker's configuration, init.sql, .env.example) agrees
with the code: the processes' settings, the table of bus rights and devtools.

No Docker engine is needed: these read the files. A renamed setting, a new workspace member,
a new service or a listener left open shows up here instead of in a running deployment.
"""

from __future__ import annotations

import argparse
import base64
import re
import tomllib

import pytest
from deploy_files import (
    ADAPTERS,
    APPS,
    DEPLOY,
    REPO,
    SERVICES,
    TARGETS,
    TOOLING,
    mounts,
    principal_of,
    secret_file,
    settings_class,
    target_of,
)

from devtools import bus_access, compose_secrets, kafka, kafka_cli
from devtools.__main__ import COMMANDS
from devtools.kafka_security import ADMIN, BROKER
from konfliktrad_shared import bus_rights
from konfliktrad_shared.kafka_access import SCRAM_SHA_512

SHARED_NAMES = {
    "KAFKA_BOOTSTRAP_SERVERS",
    "KONFLIKTRAD_HEALTH_PORT",
    "KONFLIKTRAD_STATE_DIR",
    "KONFLIKTRAD_CONTACT_KEYS",
}


def test_every_process_of_the_suite_has_a_service_and_a_migration_job() -> None:
    assert sorted(target_of(name) for name in APPS) == sorted(TARGETS)
    tooling_image = SERVICES["kafka-provision"]["image"]
    assert tooling_image.startswith("konfliktrad/devtools:")
    assert all(SERVICES[name]["image"] == tooling_image for name in TOOLING)
    for name in APPS:
        job = SERVICES[f"{name}-migrate"]
        assert job["command"] == ["python", "/app/migrate.py", target_of(name)]
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
    settings = settings_class(target_of(name))
    prefix = settings.model_config["env_prefix"]
    fields = set(settings.model_fields)
    for variable in SERVICES[name]["environment"]:
        if variable in SHARED_NAMES:
            continue
        assert variable.startswith(prefix), f"{name}: {variable} is not read by {prefix}*"
        assert variable.removeprefix(prefix).lower() in fields, f"{name}: no setting {variable}"


@pytest.mark.parametrize("name", APPS)
def test_migration_job_and_service_use_one_database(name: str) -> None:
    prefix = settings_class(target_of(name)).model_config["env_prefix"]
    url = SERVICES[name]["environment"][f"{prefix}DATABASE_URL"]
    assert SERVICES[f"{name}-migrate"]["environment"] == {f"{prefix}DATABASE_URL": url}
    assert url.startswith("postgresql+asyncpg://")
    database = target_of(name)
    assert url.endswith(f"@postgres:5432/{database}")
    assert url.startswith(f"postgresql+asyncpg://{database}:")
    init_sql = (DEPLOY / "postgres" / "init.sql").read_text(encoding="utf-8")
    assert f"CREATE ROLE {database} LOGIN" in init_sql
    assert f"CREATE DATABASE {database} OWNER {database};" in init_sql


@pytest.mark.parametrize("name", APPS)
def test_processes_on_postgresql_are_given_their_keys(name: str) -> None:
    """field_crypto refuses to generate keys on PostgreSQL; whoever uses it needs both."""
    package, _ = TARGETS[target_of(name)]
    main_source = (REPO / "services" / package / "src" / package / "main.py").read_text()
    prefix = settings_class(target_of(name)).model_config["env_prefix"]
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
        prefix = settings_class(target_of(name)).model_config["env_prefix"]
        text = (REPO / SERVICES[name]["build"]["dockerfile"]).read_text(encoding="utf-8")
        assert f"{prefix}HTTP_HOST=0.0.0.0" in text
        assert f"{prefix}APPLY_MIGRATIONS_ON_START=false" in text
        port = settings_class(target_of(name)).model_fields["http_port"].default
        assert f"127.0.0.1:{port}:{port}" in SERVICES[name]["ports"]
        health_port = SERVICES[name]["environment"].get("KONFLIKTRAD_HEALTH_PORT")
        assert str(port) == str(health_port) or f"KONFLIKTRAD_HEALTH_PORT={port}" in text


# --- the bus: SASL_SSL only, least privilege, one principal per process ------------------

KAFKA = SERVICES["kafka"]
BROKER_CONFIG = DEPLOY / "docker" / "kafka" / "server.properties"
BROKER_START = DEPLOY / "docker" / "kafka" / "start.sh"


def _properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith("#")}


def _broker() -> dict[str, str]:
    """The committed configuration plus the lines start.sh appends at start."""
    appended = re.findall(r'^\s*echo "([a-z.\-]+=[^"]*)', BROKER_START.read_text(), re.MULTILINE)
    return _properties(BROKER_CONFIG.read_text(encoding="utf-8") + "\n" + "\n".join(appended))


def _listeners(value: str) -> dict[str, str]:
    return dict(entry.split("://", 1) for entry in value.split(","))


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
    mounted = mounts("kafka")
    text = BROKER_CONFIG.read_text(encoding="utf-8") + BROKER_START.read_text(encoding="utf-8")
    read = set(re.findall(r"/run/secrets/[\w.-]+", text))
    read |= {f"/run/secrets/{name}" for name in re.findall(r'"\$secrets/([\w.-]+)"', text)}
    assert read == set(mounted), "server.properties and start.sh read exactly what is mounted"
    assert secret_file(mounted["/run/secrets/broker.password"]) == f"principals/{BROKER}.password"
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
    settings = settings_class(target_of(name))
    prefix = settings.model_config["env_prefix"]
    principal = principal_of(name)
    assert bus_rights.principal(principal)
    environment, mounted = SERVICES[name]["environment"], mounts(name)
    assert environment["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert environment[f"{prefix}KAFKA_SASL_USERNAME"] == principal
    password = mounted[environment[f"{prefix}KAFKA_SASL_PASSWORD_FILE"]]
    assert secret_file(password) == f"principals/{principal}.password"
    assert secret_file(mounted[environment[f"{prefix}KAFKA_SSL_CAFILE"]]) == "ca.pem"
    assert f"{prefix}KAFKA_SASL_PASSWORD" not in environment
    assert f"{prefix}KAFKA_SECURITY_PROTOCOL" not in environment  # SASL_SSL by default


def test_no_two_containers_share_a_kafka_password() -> None:
    holders: dict[str, list[str]] = {}
    for name in SERVICES:
        for source in mounts(name).values():
            if secret_file(source).startswith("principals/"):
                holders.setdefault(source, []).append(name)
    assert all(len(names) == 1 for names in holders.values()), holders
    assert holders["kafka-password-broker"] == ["kafka"]
    assert holders["kafka-password-admin"] == ["kafka-provision"]


def test_topics_and_acls_are_provisioned_from_the_table_before_any_service() -> None:
    job = SERVICES["kafka-provision"]
    assert job["command"] == ["konfliktrad-dev", "kafka", "provision"]
    assert COMMANDS["kafka"] == kafka_cli.__name__
    parser = argparse.ArgumentParser()
    kafka_cli.COMMAND.configure(parser)
    assert parser.parse_args(job["command"][2:]).action == "provision"
    assert job["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    environment, mounted = job["environment"], mounts("kafka-provision")
    assert set(environment) == {
        kafka.BOOTSTRAP_ENV,
        bus_access.CAFILE_ENV,
        bus_access.PRINCIPALS_DIR_ENV,
    }
    admin = mounted[f"{environment[bus_access.PRINCIPALS_DIR_ENV]}/{ADMIN}.password"]
    assert secret_file(admin) == f"principals/{ADMIN}.password"
    assert secret_file(mounted[environment[bus_access.CAFILE_ENV]]) == "ca.pem"
    for name in APPS:
        condition = SERVICES[name]["depends_on"]["kafka-provision"]["condition"]
        assert condition == "service_completed_successfully"


@pytest.mark.parametrize("name", ADAPTERS)
def test_agency_adapters_deliver_over_https_with_their_own_certificate_and_key(
    name: str,
) -> None:
    settings = settings_class(target_of(name))
    prefix = settings.model_config["env_prefix"]
    principal = principal_of(name)
    environment, mounted = SERVICES[name]["environment"], mounts(name)
    inbox = f"{name.removesuffix('-adapter')}-inbox"
    assert environment[f"{prefix}AGENCY_ENDPOINT"] == f"https://{inbox}:8443/inbox"
    assert SERVICES[name]["depends_on"][inbox] == {"condition": "service_healthy"}
    for variable, file in (
        ("AGENCY_CLIENT_CERT", "cert.pem"),
        ("AGENCY_CLIENT_KEY", "key.pem"),
        ("AGENCY_SIGNING_KEY_FILE", "signing.pem"),
    ):
        assert secret_file(mounted[environment[prefix + variable]]) == f"agency/{principal}/{file}"
    assert secret_file(mounted[environment[f"{prefix}AGENCY_CA_FILE"]]) == "ca.pem"
    assert environment[f"{prefix}AGENCY_SIGNING_KEY_ID"] == principal
    # The inbox trusts this adapter's public key under its key id, and no other key.
    trusted = [arg for arg in SERVICES[inbox]["command"] if arg.startswith("--trust=")]
    assert len(trusted) == 1
    key_id, path = trusted[0].removeprefix("--trust=").split("=")
    assert key_id == principal
    assert secret_file(mounts(inbox)[path]) == f"agency/{principal}/signing.pub.pem"


def test_mail_goes_over_starttls() -> None:
    environment = SERVICES["notification"]["environment"]
    assert environment["NOTIFICATION_SMTP_SECURITY"] == "starttls"
    assert secret_file(mounts("notification")[environment["NOTIFICATION_SMTP_CA_FILE"]]) == (
        "ca.pem"
    )
    assert SERVICES["mailpit"]["environment"]["MP_SMTP_REQUIRE_STARTTLS"] == "true"
