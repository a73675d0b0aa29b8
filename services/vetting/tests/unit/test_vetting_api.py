"""The HTTP edge with real tokens and SQLite, without the lifespan (no broker needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from vetting.config import VettingSettings
from vetting.main import MIGRATIONS, create_app

Token = Callable[..., dict[str, str]]

BODY = {
    "office": "oslo",
    "municipality": "0301",
    "birth_date": "1980-05-17",
    "citizenship": "NO",
    "resident_in_norway_years": 0,
    "lives_in_municipality": True,
    "police_certificate_clean": True,
    "position": "none",
    "on_leave": False,
}


@pytest.fixture
def settings(tmp_path: Path) -> VettingSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = VettingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}",
        auth_jwks_file=keys.jwks,
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

    def bearer(*roles: str, office: str | None = "oslo") -> dict[str, str]:
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


def test_office_leader_appoints_a_mediator_for_four_years(client: TestClient, token: Token) -> None:
    created = client.post("/mediators", json=BODY, headers=token("office_leader"))

    assert created.status_code == 201, created.text
    mediator = created.json()
    assert (mediator["term_starts"], mediator["term_ends"]) == ("2026-03-02", "2030-03-02")
    fetched = client.get(f"/mediators/{mediator['mediator_id']}", headers=token("office_leader"))
    assert fetched.json() == mediator


def test_par7_refusal_answers_422_with_the_provision(client: TestClient, token: Token) -> None:
    refused = client.post(
        "/mediators", json={**BODY, "position": "police"}, headers=token("office_leader")
    )

    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §7"
    assert "police" in refused.json()["reason"]


def test_only_office_leaders_appoint(client: TestClient, token: Token) -> None:
    assert client.post("/mediators", json=BODY).status_code == 401
    assert client.post("/mediators", json=BODY, headers=token("mediator")).status_code == 403


def test_a_leader_appoints_only_for_their_own_office(client: TestClient, token: Token) -> None:
    other = token("office_leader", office="bergen")
    assert client.post("/mediators", json=BODY, headers=other).status_code == 403


def test_another_offices_mediator_is_not_disclosed(client: TestClient, token: Token) -> None:
    mediator = client.post("/mediators", json=BODY, headers=token("office_leader")).json()

    other = token("office_leader", office="bergen")
    assert client.get(f"/mediators/{mediator['mediator_id']}", headers=other).status_code == 404
    assert client.get("/mediators/unknown", headers=token("office_leader")).status_code == 404
