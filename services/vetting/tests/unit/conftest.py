"""The fixtures of the vetting API tests (`vetting_http`): settings, app client, tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from vetting_http import OFFICE, Token

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from vetting.config import VettingSettings
from vetting.main import MIGRATIONS, create_app


@pytest.fixture
def settings(tmp_path: Path) -> VettingSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = VettingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def client(settings: VettingSettings) -> TestClient:
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    return TestClient(create_app(settings, clock=clock))


@pytest.fixture
def token(settings: VettingSettings) -> Token:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer(*roles: str, office: str | None = OFFICE) -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject="leader-1",
            roles=roles,
            office=office,
        )
        return {"Authorization": f"Bearer {minted}"}

    return bearer
