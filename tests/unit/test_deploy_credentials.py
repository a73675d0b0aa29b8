"""What `devtools compose secrets` writes is what compose mounts, and a process given compose's
settings with those files starts with a complete login to every hop: Kafka over SASL_SSL as
its own principal, the agency over HTTPS with its certificate and signing key, mail over
STARTTLS. Outside the local profile (PostgreSQL, as in compose) nothing is filled in for it.

No Docker engine is needed: the files are written to a temporary state directory and put where
the containers would see them.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from deploy_files import (
    ADAPTERS,
    APPS,
    SECRETS,
    SERVICES,
    mounts,
    prefix_of,
    principal_of,
    secret_file,
    settings_class,
    target_of,
)

from devtools import compose_secrets
from konfliktrad_shared.delivery_signature import public_key_from_pem
from konfliktrad_shared.kafka_access import SecurityProtocol
from notification.adapters.outbound_security import agency_credentials, mail_transport
from notification.config import MailSecurity


@pytest.fixture(scope="module")
def secrets_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path_factory.mktemp("state")))
        yield compose_secrets.write_secrets().directory


def _settings_as_in_compose(name: str, secrets_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The process's settings from its compose environment, each mounted path replaced by
    the file compose would mount there."""
    files = {path: secrets_dir / secret_file(source) for path, source in mounts(name).items()}
    for variable, value in SERVICES[name]["environment"].items():
        if "${" not in str(value):
            monkeypatch.setenv(variable, str(files.get(str(value), value)))
    monkeypatch.setenv(f"{prefix_of(name)}DATABASE_URL", "postgresql+asyncpg://u:p@db:5432/d")
    settings = settings_class(target_of(name))()
    assert not settings.local_profile
    return settings


def test_devtools_writes_every_secret_compose_mounts(secrets_dir: Path) -> None:
    assert stat.S_IMODE(secrets_dir.stat().st_mode) == 0o700
    for source in SECRETS:
        file = secrets_dir / secret_file(source)
        assert file.is_file(), source
        # Bind-mounted with the host's mode into containers of other users.
        assert stat.S_IMODE(file.stat().st_mode) == 0o444, source
    used = {source for name in SERVICES for source in mounts(name).values()}
    assert used == set(SECRETS)


def test_writing_again_keeps_every_password(secrets_dir: Path) -> None:
    """The broker made its SCRAM users from them when it formatted its volume."""
    before = {f.name: f.read_text() for f in (secrets_dir / "principals").iterdir()}
    compose_secrets.write_secrets()
    after = {f.name: f.read_text() for f in (secrets_dir / "principals").iterdir()}
    assert after == before
    assert len(set(before.values())) == len(before), "every login has a password of its own"


@pytest.mark.parametrize("name", APPS)
def test_each_process_logs_in_to_kafka_with_its_mounted_credentials(
    name: str, secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = _settings_as_in_compose(name, secrets_dir, monkeypatch).kafka_access()
    principal = principal_of(name)
    assert access.protocol is SecurityProtocol.SASL_SSL
    assert access.username == principal
    assert access.password == (secrets_dir / "principals" / f"{principal}.password").read_text()
    assert access.cafile == secrets_dir / "ca.pem"
    assert access.ssl_context() is not None


@pytest.mark.parametrize("name", ADAPTERS)
def test_each_adapter_loads_its_mounted_certificate_and_signing_key(
    name: str, secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = agency_credentials(_settings_as_in_compose(name, secrets_dir, monkeypatch))
    principal = principal_of(name)
    assert credentials.signer.key_id == principal
    trusted = public_key_from_pem(
        (secrets_dir / "agency" / principal / "signing.pub.pem").read_bytes()
    )
    raw = (Encoding.Raw, PublicFormat.Raw)
    assert credentials.signer.public_key().public_bytes(*raw) == trusted.public_bytes(*raw)


def test_notification_sends_mail_over_starttls_checked_against_the_mounted_ca(
    secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = mail_transport(_settings_as_in_compose("notification", secrets_dir, monkeypatch))
    assert transport.security is MailSecurity.STARTTLS
    assert transport.tls is not None
