"""GDPR art. 15: youth_plan answers for a party of its cases to the data protection officer
alone; the plan's measures are the offender's, and a guardian is not shown them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from test_youth_plan_api import Token, client, settings, token
from test_youth_plan_office_reads_api import running

from konfliktrad_shared.devkeys import mint_token

__all__ = ["client", "settings", "token"]  # the fixtures, shared with the API's own tests


def officer(settings: Any) -> dict[str, str]:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()
    minted = mint_token(
        pem,
        "dev",
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject="dpo-1",
        roles=("data_protection_officer",),
        office=None,
    )
    return {"Authorization": f"Bearer {minted}"}


def test_gdpr_art15_the_offender_sees_their_plan_a_guardian_does_not(
    client: TestClient, token: Token, settings: Any
) -> None:
    running(client, token)
    asked = {
        "parties": [
            {"case_id": "ys-1", "party_id": "offender"},
            {"case_id": "ys-1", "party_id": "guardian-offender-1"},
        ]
    }
    refused = client.post("/data-subject/case-parties", json=asked, headers=token())
    assert refused.status_code == 403
    answered = client.post("/data-subject/case-parties", json=asked, headers=officer(settings))
    assert answered.status_code == 200, answered.text
    held = {entry["party_id"]: entry["held"] for entry in answered.json()}
    assert held["offender"]["measures"] == ["c_community_tasks"]
    assert held["guardian-offender-1"]["measures"] is None
