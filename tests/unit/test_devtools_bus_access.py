"""How devtools connects: as the principal it plays, with the credentials the local broker made
(or those the environment names), and what it tells the suite's processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.bus_access import client_access, protocol_for_the_run, service_kafka_env
from devtools.suite import SERVICES
from konfliktrad_shared.kafka_access import SecurityProtocol


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    for name in ("KAFKA_SECURITY_PROTOCOL", "KAFKA_PRINCIPALS_DIR", "KAFKA_SSL_CAFILE"):
        monkeypatch.delenv(name, raising=False)
    principals = tmp_path / "kafka" / "principals"
    principals.mkdir(parents=True)
    (principals / "police-oslo.password").write_text("oslo-secret\n", encoding="utf-8")
    return tmp_path


def test_a_client_connects_as_its_principal_with_the_local_password_and_ca(state: Path) -> None:
    access = client_access("police-oslo", "127.0.0.1:9092")
    assert access.protocol is SecurityProtocol.SASL_SSL
    assert (access.username, access.password) == ("police-oslo", "oslo-secret")
    assert access.cafile == state / "tls" / "ca.pem"


def test_an_external_cluster_s_credentials_come_from_the_environment(
    state: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path_factory.mktemp("external")
    (elsewhere / "police-oslo.password").write_text("external-secret", encoding="utf-8")
    monkeypatch.setenv("KAFKA_PRINCIPALS_DIR", str(elsewhere))
    monkeypatch.setenv("KAFKA_SSL_CAFILE", str(elsewhere / "ca.pem"))
    access = client_access("police-oslo", "kafka.example:9093")
    assert access.password == "external-secret"
    assert access.cafile == elsewhere / "ca.pem"


def test_processes_with_a_state_of_their_own_are_told_where_their_credentials_are(
    state: Path,
) -> None:
    env = service_kafka_env(credential_files=True)
    assert env["YOUTH_PLAN_KAFKA_SASL_PASSWORD_FILE"] == str(
        state.resolve() / "kafka" / "principals" / "youth-plan.password"
    )
    assert env["PROSECUTION_ADAPTER_KAFKA_SSL_CAFILE"] == str(state.resolve() / "tls" / "ca.pem")
    assert len(env) == 2 * len(SERVICES)
    assert service_kafka_env(credential_files=False) == {}


def test_on_an_open_broker_every_client_and_process_speaks_plaintext(state: Path) -> None:
    with protocol_for_the_run(SecurityProtocol.PLAINTEXT):
        access = client_access("bench", "127.0.0.1:9192")
        env = service_kafka_env(credential_files=True)
    assert access.protocol is SecurityProtocol.PLAINTEXT
    assert access.aiokafka_options()["security_protocol"] == "PLAINTEXT"
    assert set(env.values()) == {"PLAINTEXT"}
    assert len(env) == len(SERVICES)
    assert client_access("police-oslo", "127.0.0.1:9092").protocol is SecurityProtocol.SASL_SSL
