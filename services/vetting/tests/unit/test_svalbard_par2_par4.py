"""The Act applies on Svalbard (konfliktrådsloven §2), where mediators are appointed by a
committee of Longyearbyen lokalstyre's representative, the Governor's and the Troms office's
leader (§4 second para): so a Svalbard mediator belongs to the Troms office. Over HTTP, with
real tokens and SQLite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from vetting.config import VettingSettings
from vetting.main import MIGRATIONS, create_app

TROMS, SVALBARD = "konfliktradet-troms", "2111"
SVALBARD_COMMITTEE = {
    "municipal_member": "Synthetic member named by Longyearbyen lokalstyre",
    "police_member": "Synthetic member from the Governor of Svalbard",
    "office_leader": "Synthetic leader of the Troms office",
}


@pytest.fixture
def settings(tmp_path: Path) -> VettingSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = VettingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
        kafka_security_protocol="PLAINTEXT",  # no broker is reached: nothing to prove to one
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def client(settings: VettingSettings) -> TestClient:
    return TestClient(create_app(settings, clock=FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC))))


def bearer(settings: VettingSettings, role: str) -> dict[str, str]:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()
    token = mint_token(
        pem,
        "dev",
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject="leader-troms",
        roles=(role,),
        office=TROMS,
    )
    return {"Authorization": f"Bearer {token}"}


def application(municipality: str) -> dict[str, Any]:
    return {
        "office": TROMS,
        "municipality": municipality,
        "candidate": {
            "name": "Synthetic Longyearbyen Mediator",
            "birth_date": "1980-05-17",
            "citizenship": "NO",
            "lives_in_municipality": True,
            "suitable": True,
            # §6 third para: the extended police certificate is received before appointment.
            "police_certificate_received_on": "2026-02-20",
        },
    }


def test_s2_s4_second_para_a_svalbard_mediator_is_appointed_for_the_troms_office(
    client: TestClient, settings: VettingSettings
) -> None:
    leader = bearer(settings, "office_leader")
    coverage = client.get("/coverage", headers=leader).json()
    assert SVALBARD in [row["municipality"] for row in coverage["municipalities"]]

    submitted = client.post("/applications", json=application(SVALBARD), headers=leader)
    assert submitted.status_code == 201, submitted.text
    appointed = client.post(
        f"/applications/{submitted.json()['application_id']}/appointment",
        json={"committee": SVALBARD_COMMITTEE},
        headers=bearer(settings, "appointment_committee"),
    )
    assert appointed.status_code == 201, appointed.text
    assert (appointed.json()["office"], appointed.json()["municipality"]) == (TROMS, SVALBARD)

    coverage = client.get("/coverage", headers=leader).json()
    assert SVALBARD not in coverage["gaps"]


def test_s2_jan_mayen_is_no_municipality_a_mediator_can_be_appointed_for(
    client: TestClient, settings: VettingSettings
) -> None:
    refused = client.post(
        "/applications", json=application("2211"), headers=bearer(settings, "office_leader")
    )
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §3 second para"
