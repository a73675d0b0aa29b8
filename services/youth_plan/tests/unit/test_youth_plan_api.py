"""The coordinators' HTTP API with real tokens and SQLite, without the lifespan (no broker):
the ladder walked call by call, refusals as 422 naming the provision, scoped to the office."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from youth_harness import NOW, registered

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from youth_plan.config import YouthPlanSettings
from youth_plan.main import MIGRATIONS, create_app

Token = Callable[..., dict[str, str]]
TODAY = NOW.date().isoformat()
YS_ATTENDEES = ["offender", "guardians", "correctional_service", "police"]


@pytest.fixture
def settings(tmp_path: Path) -> YouthPlanSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = YouthPlanSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}", auth_jwks_file=keys.jwks
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    asyncio.run(seed(settings))
    return settings


async def seed(settings: YouthPlanSettings) -> None:
    from youth_harness import Harness

    harness = Harness(settings)
    await harness.deliver(
        registered(Reaction.YOUTH_SENTENCE, "ys-1", DecisionBasis.YOUTH_SENTENCE, True)
    )
    await harness.runtime.engine.dispose()


@pytest.fixture
def client(settings: YouthPlanSettings) -> TestClient:
    return TestClient(create_app(settings, clock=FrozenClock(NOW)))


@pytest.fixture
def token(settings: YouthPlanSettings) -> Token:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer(office: str = "oslo") -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject="coordinator",
            roles=("youth_coordinator",),
            office=office,
        )
        return {"Authorization": f"Bearer {minted}"}

    return bearer


def post(client: TestClient, token: Token, path: str, body: Any = None) -> Any:
    return client.post(f"/cases/ys-1/{path}", json=body, headers=token())


def test_par31_the_youth_sentence_ladder_over_http(client: TestClient, token: Token) -> None:
    assert post(client, token, "conferences", {"starts_at": NOW.isoformat()}).status_code == 201
    held = post(client, token, "conference-meetings", {"held_on": TODAY, "attendees": YS_ATTENDEES})
    assert held.json()["execution_ends"].startswith("2027-05-20")
    approval = {
        "approved_by_coordinator": True,
        "approved_by_offender": True,
        "approved_by_guardians": True,
        "measures": ["c_community_tasks", "institution"],
    }
    assert post(client, token, "plan-approvals", approval).status_code == 200
    breach = {"occurred_on": TODAY, "obligation": "youth_plan"}
    first = post(client, token, "breaches", breach).json()
    assert first["step"] == "breach_conversation"
    assert post(client, token, "breach-summonses", {"starts_at": NOW.isoformat()}).is_success
    assert post(client, token, "breach-conversations", {"held_on": TODAY}).is_success
    tipping = {
        **breach,
        "decision": {"action": "transfer", "consents": ["police"]},
    }
    refused = post(client, token, "breaches", tipping)
    assert refused.status_code == 422
    assert "§31 third para" in str(refused.json())
    assert "correctional_service" in str(refused.json())
    case = client.get("/cases/ys-1", headers=token()).json()
    assert case["breaches"] == 1, "the refused call recorded nothing"
    assert post(client, token, "breaches", breach).json()["step"] == "new_conference_or_transfer"
    decision = {"action": "transfer", "consents": ["police", "correctional_service"]}
    transferred = post(client, token, "repeated-breach-decisions", decision)
    assert transferred.status_code == 201
    assert transferred.json()["step"] == "transfer"
    case = client.get("/cases/ys-1", headers=token()).json()
    assert case["ladder_stage"] == "transferred" and case["breaches"] == 2


def test_par31_first_para_a_summons_without_a_breach_is_422(
    client: TestClient, token: Token
) -> None:
    refused = post(client, token, "breach-summonses", {"starts_at": NOW.isoformat()})
    assert refused.status_code == 422
    assert "§31 first para" in str(refused.json())


def test_another_offices_coordinator_sees_nothing(client: TestClient, token: Token) -> None:
    assert client.get("/cases/ys-1", headers=token("bergen")).status_code == 404
    refused = client.post(
        "/cases/ys-1/conferences", json={"starts_at": NOW.isoformat()}, headers=token("bergen")
    )
    assert refused.status_code == 404


def test_bad_input_is_422_with_the_reason(client: TestClient, token: Token) -> None:
    bad = post(client, token, "conference-meetings", {"held_on": TODAY, "attendees": ["mayor"]})
    assert bad.status_code == 422


def test_par24_fifth_para_absent_guardians_over_http(client: TestClient, token: Token) -> None:
    post(client, token, "conferences", {"starts_at": NOW.isoformat()})
    without = {"held_on": TODAY, "attendees": ["offender", "correctional_service", "police"]}
    refused = post(client, token, "conference-meetings", without)
    assert refused.status_code == 422 and "§24 fifth para" in refused.text
    decided = {**without, "temporary_guardian_decision": "temporary_guardian_appointed"}
    assert post(client, token, "conference-meetings", decided).status_code == 201


def running_over_http(client: TestClient, token: Token) -> None:
    post(client, token, "conferences", {"starts_at": NOW.isoformat()})
    post(client, token, "conference-meetings", {"held_on": TODAY, "attendees": YS_ATTENDEES})
    approval = {
        "approved_by_coordinator": True,
        "approved_by_offender": True,
        "approved_by_guardians": True,
    }
    assert post(client, token, "plan-approvals", approval).status_code == 200


def test_par28_the_ban_names_what_it_protects(client: TestClient, token: Token) -> None:
    running_over_http(client, token)
    url, headers = "/cases/ys-1/substance-ban", token()
    assert client.put(url, json={"protects": []}, headers=headers).status_code == 422
    assert client.put(url, json={"protects": ["life"]}, headers=headers).status_code == 200
    assert client.delete(url, headers=headers).status_code == 200
    refused = client.delete(url, headers=headers)
    assert refused.status_code == 422 and "§28 second para" in refused.text


def test_par31_second_para_conditions_must_be_found_necessary(
    client: TestClient, token: Token
) -> None:
    running_over_http(client, token)
    post(client, token, "breaches", {"occurred_on": TODAY, "obligation": "general_obligations"})
    conditions = {
        "conditions": ["d_report_to_police_or_correctional"],
        "necessary_to_prevent_new_breaches": False,
        "consents": YS_ATTENDEES,
    }
    refused = post(client, token, "conditions", conditions)
    assert refused.status_code == 422 and "§31 second para" in refused.text
    conditions["necessary_to_prevent_new_breaches"] = True
    assert post(client, token, "conditions", conditions).json()["conditions"] == [
        "d_report_to_police_or_correctional"
    ]


def test_another_offices_command_is_refused_on_the_handlers_own_load(
    client: TestClient, token: Token
) -> None:
    """One read, in the handler's transaction: the answer is a missing case's, word for word,
    and the case is untouched."""
    before = client.get("/cases/ys-1", headers=token()).json()
    body = {"starts_at": NOW.isoformat()}
    refused = client.post("/cases/ys-1/conferences", json=body, headers=token("bergen"))
    missing = client.post("/cases/no-such-case/conferences", json=body, headers=token())
    assert (refused.status_code, refused.json()) == (404, {"detail": "no such case"})
    assert (missing.status_code, missing.json()) == (404, {"detail": "no such case"})
    assert client.get("/cases/ys-1", headers=token()).json() == before
