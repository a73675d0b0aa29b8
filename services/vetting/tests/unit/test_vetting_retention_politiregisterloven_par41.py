"""Retention of vetting records, with the clock moved past each period (SQLite, real tokens)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from vetting_http import COMMITTEE, Token, application, appoint

from konfliktrad_shared.clock import FrozenClock
from vetting.config import VettingSettings
from vetting.domain.retention import APPLICANT_NOT_APPOINTED, FORMER_MEDIATOR, TABLE
from vetting.main import create_app


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def client(settings: VettingSettings, clock: FrozenClock) -> TestClient:
    return TestClient(create_app(settings, clock=clock))


def sweep(client: TestClient) -> int:
    erased: int = asyncio.run(client.app.state.housekeeper.erase_expired())  # type: ignore[attr-defined]
    return erased


def revoke(client: TestClient, token: Token, mediator_id: str) -> Any:
    revoked = client.post(
        f"/mediators/{mediator_id}/revocations",
        json={"requirement": "suitability", "self_reported": False, "committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
    assert revoked.status_code == 200, revoked.text
    return revoked.json()


def test_every_category_cites_a_provision_and_a_period() -> None:
    for kept in TABLE.values():
        assert kept.months > 0 and "§" in kept.provision and kept.reading


def test_gdpr_art5_an_application_never_appointed_is_erased_after_its_period(
    client: TestClient, token: Token, clock: FrozenClock
) -> None:
    leader = token("office_leader")
    stale = client.post("/applications", json=application(), headers=leader).json()
    active = appoint(client, token, application(name="Synthetic Active")).json()

    clock.advance(timedelta(days=31 * APPLICANT_NOT_APPOINTED.months - 20))
    assert sweep(client) == 0
    clock.advance(timedelta(days=21))
    assert sweep(client) == 1

    assert client.get(f"/applications/{stale['application_id']}", headers=leader).status_code == 404
    # The appointed mediator's application and appointment stay and are still answered for.
    still = client.get(f"/mediators/{active['mediator_id']}", headers=leader)
    assert still.status_code == 200 and still.json()["status"] == "active"
    kept = client.get(f"/applications/{active['application_id']}", headers=leader)
    assert kept.status_code == 200


def test_politiregisterloven_par41_a_former_mediator_is_kept_two_years_then_erased(
    client: TestClient, token: Token, clock: FrozenClock
) -> None:
    leader = token("office_leader")
    former = appoint(client, token, application(name="Synthetic Former")).json()
    active = appoint(client, token, application(name="Synthetic Active")).json()
    revoke(client, token, former["mediator_id"])

    clock.advance(timedelta(days=365 * FORMER_MEDIATOR.months // 12 - 5))
    assert sweep(client) == 0
    assert client.get(f"/mediators/{former['mediator_id']}", headers=leader).status_code == 200

    clock.advance(timedelta(days=10))
    assert sweep(client) == 2  # the appointment and the application behind it
    gone = client.get(f"/mediators/{former['mediator_id']}", headers=leader)
    assert gone.status_code == 404
    assert (
        client.get(f"/applications/{former['application_id']}", headers=leader).status_code == 404
    )
    assert client.get(f"/mediators/{active['mediator_id']}", headers=leader).status_code == 200
