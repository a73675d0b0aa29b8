"""The staff's reads over HTTP: the ladder's next steps and each case's next deadline, scoped
to the caller's office like every other youth_plan answer."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_youth_plan_api import TODAY, YS_ATTENDEES, Token, client, post, settings, token
from youth_harness import NOW

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
