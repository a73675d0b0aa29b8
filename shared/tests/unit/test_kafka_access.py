"""How settings become a Kafka principal's client options, and when a process must stop."""

from __future__ import annotations

from pathlib import Path

import pytest

from konfliktrad_shared.kafka_access import (
    KafkaAccess,
    MissingKafkaCredentials,
    SecurityProtocol,
    local_ca_file,
    local_password_file,
)
from konfliktrad_shared.settings import ServiceSettings

POSTGRES = "postgresql+asyncpg://referral@db.internal/referral"


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    return tmp_path


def _provision_locally(principal: str, password: str) -> None:
    local_password_file(principal).parent.mkdir(parents=True, exist_ok=True)
    local_password_file(principal).write_text(password + "\n", encoding="utf-8")
    local_ca_file().parent.mkdir(parents=True, exist_ok=True)
    local_ca_file().write_text("not read here", encoding="utf-8")


def test_outside_the_local_profile_a_missing_password_stops_the_service(state_dir: Path) -> None:
    settings = ServiceSettings(service_name="youth_plan", http_port=0, database_url=POSTGRES)

    with pytest.raises(MissingKafkaCredentials) as stopped:
        settings.kafka_access()

    message = str(stopped.value)
    assert "youth_plan" in message
    assert "KAFKA_SASL_PASSWORD" in message and "KAFKA_SSL_CAFILE" in message


def test_outside_the_local_profile_the_state_directory_is_never_read(state_dir: Path) -> None:
    _provision_locally("youth-plan", "local-secret")
    settings = ServiceSettings(service_name="youth_plan", http_port=0, database_url=POSTGRES)

    with pytest.raises(MissingKafkaCredentials):
        settings.kafka_access()


def test_configured_credentials_connect_as_the_services_own_principal(
    state_dir: Path, tmp_path: Path
) -> None:
    password_file = tmp_path / "youth-plan.password"
    password_file.write_text("s3cret\n", encoding="utf-8")
    settings = ServiceSettings(
        service_name="youth_plan",
        http_port=0,
        database_url=POSTGRES,
        kafka_sasl_password_file=password_file,
        kafka_ssl_cafile=tmp_path / "ca.pem",
    )

    access = settings.kafka_access()

    assert access.username == "youth-plan"
    assert access.password == "s3cret"
    assert access.protocol is SecurityProtocol.SASL_SSL
    assert "s3cret" not in repr(access)


def test_on_the_local_profile_credentials_come_from_the_state_directory(state_dir: Path) -> None:
    _provision_locally("referral", "local-secret")
    settings = ServiceSettings(service_name="referral", http_port=0)

    access = settings.kafka_access()

    assert (access.username, access.password, access.cafile) == (
        "referral",
        "local-secret",
        local_ca_file(),
    )


def test_on_the_local_profile_without_a_provisioned_broker_the_service_says_what_to_do(
    state_dir: Path,
) -> None:
    with pytest.raises(MissingKafkaCredentials, match="devtools kafka up"):
        ServiceSettings(service_name="referral", http_port=0).kafka_access()


def test_plaintext_only_when_chosen_explicitly() -> None:
    settings = ServiceSettings(
        service_name="referral",
        http_port=0,
        database_url=POSTGRES,
        kafka_security_protocol=SecurityProtocol.PLAINTEXT,
    )

    options = settings.kafka_access().aiokafka_options()

    assert options["security_protocol"] == "PLAINTEXT"
    assert "sasl_plain_password" not in options


def test_client_options_for_aiokafka_and_librdkafka(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    access = KafkaAccess("b1:9092, b2:9092", username="police-oslo", password="pw", cafile=ca)

    assert access.servers == ["b1:9092", "b2:9092"]
    assert access.librdkafka_options() == {
        "bootstrap.servers": "b1:9092, b2:9092",
        "security.protocol": "sasl_ssl",
        "partitioner": "murmur2_random",
        "sasl.mechanisms": "SCRAM-SHA-512",
        "sasl.username": "police-oslo",
        "sasl.password": "pw",
        "ssl.ca.location": str(ca),
    }
