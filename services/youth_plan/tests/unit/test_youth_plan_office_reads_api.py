"""The staff's reads over HTTP: the ladder's next steps and each case's next deadline, scoped
to the caller's office like every other youth_plan answer."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from test_youth_plan_api import TODAY, YS_ATTENDEES, Token, client, post, settings, token
from youth_harness import NOW

from konfliktrad_shared.devkeys import mint_token

__all__ = ["client", "settings", "token"]  # the fixtures, shared with the API's own tests


def running(client: TestClient, token: Token) -> None:
    post(client, token, "conferences", {"starts_at": NOW.isoformat()})
    post(client, token, "conference-meetings", {"held_on": TODAY, "attendees": YS_ATTENDEES})
    approval = {
        "approved_by_coordinator": True,
        "approved_by_offender": True,
        "approved_by_guardians": True,
        "measures": ["c_community_tasks"],
    }
    assert post(client, token, "plan-approvals", approval).status_code == 200


def test_par31_ladder_steps_over_http_name_consents_and_provisions(
    client: TestClient, token: Token
) -> None:
    assert client.get("/cases/ys-1/ladder-steps", headers=token()).json() == []
    running(client, token)
    post(client, token, "breaches", {"occurred_on": TODAY, "obligation": "youth_plan"})
    steps = {s["step"]: s for s in client.get("/cases/ys-1/ladder-steps", headers=token()).json()}
    assert list(steps) == ["record_breach", "summon", "set_conditions"]
    assert steps["summon"]["legal_basis"] == "konfliktrådsloven §31 first para"
    assert set(steps["set_conditions"]["consents"]) >= {"police", "correctional_service"}
    assert client.get("/cases/ys-1/ladder-steps", headers=token("bergen")).status_code == 404


def test_par23_first_para_the_offices_deadlines_show_the_execution_periods_end(
    client: TestClient, token: Token
) -> None:
    assert client.get("/deadlines", headers=token()).json() == []
    running(client, token)
    (deadline,) = client.get("/deadlines", headers=token()).json()
    assert deadline == {
        "case_id": "ys-1",
        "due_on": "2027-05-20",
        "what": "execution_ends",
        "legal_basis": "konfliktrådsloven §23 first para",
    }
    assert client.get("/deadlines", headers=token("bergen")).json() == []


def test_par23_the_office_leader_sees_the_offices_youth_deadlines_and_a_mediator_does_not(
    client: TestClient, token: Token, settings: Any
) -> None:
    running(client, token)
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer(role: str) -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject=role,
            roles=(role,),
            office="oslo",
        )
        return {"Authorization": f"Bearer {minted}"}

    (deadline,) = client.get("/deadlines", headers=bearer("office_leader")).json()
    assert (deadline["case_id"], deadline["what"]) == ("ys-1", "execution_ends")
    refused = client.get("/deadlines", headers=bearer("mediator"))
    assert refused.status_code == 403
    assert "office_leader or youth_coordinator" in refused.text


def test_the_offices_youth_figures_are_the_leaders_and_name_no_case(
    client: TestClient, token: Token, settings: Any
) -> None:
    running(client, token)
    assert client.get("/figures", headers=token()).status_code == 403, "a coordinator's token"
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()
    leader = mint_token(
        pem,
        "dev",
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject="leder",
        roles=("office_leader",),
        office="oslo",
    )
    answer = client.get("/figures", headers={"Authorization": f"Bearer {leader}"}).json()
    assert answer["office"] == "oslo"
    [month] = answer["months"]
    assert month["received"] == {"youth_sentence": 1}
    assert month["cases_to_first_meeting"] == 1
    assert "ys-1" not in str(answer)
