"""An agency adapter delivers only over HTTPS, with a client certificate and a signing key;
outside the embedded local profile whatever is missing stops it at start, with what to set.
Mail goes over STARTTLS there; plain text only to the embedded profile's loopback server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devtools.standins_credentials import adapter_credentials, adapter_settings
from konfliktrad_shared.crypto import generate_key
from notification.adapters.outbound_security import (
    OutboundNotSecured,
    agency_credentials,
    mail_transport,
)
from notification.config import (
    CorrectionalAdapterSettings,
    MailSecurity,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.main import create_agency_adapter, create_app

POSTGRES = "postgresql+asyncpg://n:n@127.0.0.1:1/n"


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    return tmp_path


def off_local(**settings: Any) -> ProsecutionAdapterSettings:
    return ProsecutionAdapterSettings(
        database_url=POSTGRES,
        field_keys=f"k1:{generate_key()}",
        blind_index_key=generate_key(),
        kafka_sasl_password="p",
        kafka_ssl_cafile=Path("/ca.pem"),
        **settings,
    )


def test_on_the_local_profile_the_adapter_uses_what_devtools_issued(state: Path) -> None:
    adapter_credentials("prosecution_adapter")
    sqlite = f"sqlite+aiosqlite:///{state / 'a.sqlite3'}"
    credentials = agency_credentials(ProsecutionAdapterSettings(database_url=sqlite))

    assert credentials.signer.key_id == "prosecution-adapter"
    assert [ca["subject"] for ca in credentials.tls.get_ca_certs()], "the local CA is trusted"


def test_on_the_local_profile_missing_certificates_say_who_issues_them(state: Path) -> None:
    sqlite = f"sqlite+aiosqlite:///{state / 'a.sqlite3'}"
    with pytest.raises(OutboundNotSecured, match="devtools issues them") as refused:
        agency_credentials(CorrectionalAdapterSettings(database_url=sqlite))
    assert "CORRECTIONAL_ADAPTER_AGENCY_CLIENT_CERT" in str(refused.value)


def test_outside_the_local_profile_a_missing_certificate_or_key_stops_the_adapter(
    state: Path,
) -> None:
    with pytest.raises(OutboundNotSecured) as refused:
        agency_credentials(off_local(agency_endpoint="https://agency.example/inbox"))
    message = str(refused.value)
    for setting in ("AGENCY_CLIENT_CERT", "AGENCY_CLIENT_KEY", "AGENCY_SIGNING_KEY_FILE"):
        assert f"set PROSECUTION_ADAPTER_{setting}" in message
    assert "devtools" not in message, "nothing is issued for production"


def test_outside_the_local_profile_a_missing_signing_key_alone_stops_the_adapter(
    state: Path,
) -> None:
    configured = adapter_settings("prosecution_adapter", 9443)
    configured.pop("agency_signing_key_file")
    with pytest.raises(OutboundNotSecured, match="set PROSECUTION_ADAPTER_AGENCY_SIGNING_KEY"):
        agency_credentials(off_local(**configured))


def test_outside_the_local_profile_plain_http_to_the_agency_stops_the_adapter(
    state: Path,
) -> None:
    configured = adapter_settings("prosecution_adapter", 9443)
    configured["agency_endpoint"] = "http://agency.example/inbox"
    with pytest.raises(OutboundNotSecured, match="AGENCY_ENDPOINT must be https://"):
        agency_credentials(off_local(**configured))


def test_the_adapter_process_itself_stops_at_start_without_its_signing_key(state: Path) -> None:
    configured = adapter_settings("prosecution_adapter", 9443)
    configured.pop("agency_signing_key_file")
    with pytest.raises(OutboundNotSecured, match="SIGNING_KEY"):
        create_agency_adapter(off_local(**configured))


def test_outside_the_local_profile_configured_files_or_an_inline_key_are_taken(
    state: Path,
) -> None:
    configured = adapter_settings("prosecution_adapter", 9443)
    assert agency_credentials(off_local(**configured)).signer.key_id == "prosecution-adapter"

    inline = adapter_credentials("prosecution_adapter").signing_key.read_text()
    configured.pop("agency_signing_key_file")
    configured |= {"agency_signing_key": inline, "agency_signing_key_id": "kr-2026-1"}
    credentials = agency_credentials(off_local(**configured))
    assert credentials.signer.key_id == "kr-2026-1"


def test_a_signing_key_that_is_not_ed25519_is_refused(state: Path) -> None:
    configured = adapter_settings("prosecution_adapter", 9443)
    configured["agency_signing_key_file"] = configured["agency_client_key"]  # an EC key
    with pytest.raises(OutboundNotSecured, match="not an Ed25519 private key"):
        agency_credentials(off_local(**configured))


def test_mail_is_plain_only_on_the_local_profile_and_starttls_elsewhere(state: Path) -> None:
    sqlite = f"sqlite+aiosqlite:///{state / 'n.sqlite3'}"
    assert mail_transport(NotificationSettings(database_url=sqlite)).security is (
        MailSecurity.PLAIN
    )
    elsewhere = mail_transport(NotificationSettings(database_url=POSTGRES))
    assert elsewhere.security is MailSecurity.STARTTLS and elsewhere.tls is not None
    with pytest.raises(OutboundNotSecured, match="NOTIFICATION_SMTP_SECURITY"):
        mail_transport(
            NotificationSettings(database_url=POSTGRES, smtp_security=MailSecurity.PLAIN)
        )


def test_the_service_stops_at_start_when_told_to_mail_in_plain_text_outside_local(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_CONTACT_KEYS", f"k:{generate_key()}")
    settings = NotificationSettings(
        database_url=POSTGRES,
        field_keys=f"k1:{generate_key()}",
        blind_index_key=generate_key(),
        smtp_security=MailSecurity.PLAIN,
    )
    with pytest.raises(OutboundNotSecured, match="mail without TLS"):
        create_app(settings)
