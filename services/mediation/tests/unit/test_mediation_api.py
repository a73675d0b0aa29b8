"""The HTTP edge with real tokens and SQLite, without the lifespan (no broker needed)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.runtime import create_runtime
from mediation.adapters import orm
from mediation.bootstrap import bootstrap
from mediation.config import MediationSettings
from mediation.domain.commands import (
    AddMediatorToRoster,
    MediationReaction,
    OpenMediationCase,
)
from mediation.main import MIGRATIONS, create_app

Token = Callable[..., dict[str, str]]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> MediationSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = MediationSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'mediation.sqlite3'}",
        auth_jwks_file=keys.jwks,
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    asyncio.run(seed(settings))
    return settings


async def seed(settings: MediationSettings) -> None:
    runtime = create_runtime(settings, tables=orm.plumbing, clock=FrozenClock(NOW))
    bus = bootstrap(runtime)
    for mediator_id, office in (("m-oslo", "oslo"), ("m-bergen", "bergen")):
        await bus.handle(AddMediatorToRoster(mediator_id, office, date(2030, 3, 2)))
    await bus.handle(OpenMediationCase("c-oslo", "oslo", MediationReaction.MEDIATION))
    await runtime.engine.dispose()


@pytest.fixture
def client(settings: MediationSettings) -> TestClient:
    return TestClient(create_app(settings, clock=FrozenClock(NOW)))


@pytest.fixture
def token(settings: MediationSettings) -> Token:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer(*roles: str, office: str | None = "oslo") -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject="someone",
            roles=roles,
            office=office,
        )
        return {"Authorization": f"Bearer {minted}"}

    return bearer


@pytest.mark.parametrize("role", ["office_leader", "mediator"])
def test_roster_shows_the_callers_office_only(client: TestClient, token: Token, role: str) -> None:
    response = client.get("/roster", headers=token(role))

    assert response.status_code == 200
    assert response.json() == [
        {
            "mediator_id": "m-oslo",
            "office": "oslo",
            "term_ends": "2030-03-02",
            "available_from": "2026-03-02T09:00:00Z",
        }
    ]


def test_roster_needs_an_office_role(client: TestClient, token: Token) -> None:
    assert client.get("/roster").status_code == 401
    assert client.get("/roster", headers=token("case_officer")).status_code == 403
    assert client.get("/roster", headers=token("mediator", office=None)).status_code == 403


@pytest.mark.parametrize("role", ["office_leader", "mediator"])
def test_case_is_read_by_its_own_office(client: TestClient, token: Token, role: str) -> None:
    response = client.get("/cases/c-oslo", headers=token(role))

    assert response.status_code == 200
    assert response.json()["reaction"] == "mediation"


def test_another_offices_case_is_not_disclosed(client: TestClient, token: Token) -> None:
    bergen = token("mediator", office="bergen")
    assert client.get("/cases/c-oslo", headers=bergen).status_code == 404
    assert client.get("/cases/unknown", headers=token("mediator")).status_code == 404
