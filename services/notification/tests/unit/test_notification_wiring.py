"""The three processes build from their settings without touching the network (create_app
does no work at import or construction), and only the notification service opens seals."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.standins_credentials import adapter_credentials
from konfliktrad_shared.bus_rights import principal_name
from konfliktrad_shared.kafka_access import local_password_file
from notification.config import (
    CorrectionalAdapterSettings,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.main import create_agency_adapter, create_app


def test_the_service_and_both_adapters_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONFLIKTRAD_STATE_DIR", str(tmp_path))
    # What `devtools` provisions for the local profile: each principal's Kafka password, and
    # the adapters' client certificates and signing keys.
    for service in ("notification", "prosecution_adapter", "correctional_adapter"):
        password = local_password_file(principal_name(service))
        password.parent.mkdir(parents=True, exist_ok=True)
        password.write_text("local")
        if service.endswith("_adapter"):
            adapter_credentials(service)
    database = f"sqlite+aiosqlite:///{tmp_path / 'n.sqlite3'}"
    service = create_app(NotificationSettings(database_url=database))
    assert "/receipts/digital-mailbox" in service.openapi()["paths"]

    for settings in (
        ProsecutionAdapterSettings(database_url=database),
        CorrectionalAdapterSettings(database_url=database),
    ):
        adapter = create_agency_adapter(settings)
        assert "/receipts/digital-mailbox" not in adapter.openapi()["paths"]


def test_on_postgresql_the_service_refuses_to_start_without_the_contact_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from konfliktrad_shared.crypto import generate_key
    from konfliktrad_shared.field_keys import MissingKeys

    monkeypatch.delenv("KONFLIKTRAD_CONTACT_KEYS", raising=False)
    settings = NotificationSettings(
        database_url="postgresql+asyncpg://n:n@127.0.0.1:1/n",
        field_keys=f"k1:{generate_key()}",
        blind_index_key=generate_key(),
    )
    with pytest.raises(MissingKeys, match="KONFLIKTRAD_CONTACT_KEYS"):
        create_app(settings)
