"""Refusals from request validation name their provision, as the domain's refusals do (§8)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_youth_plan_api import Token, client, running_over_http, settings, token

__all__ = ["client", "settings", "token"]  # the fixtures, shared with the API tests


def test_par28_first_para_an_alcohol_ban_without_its_reason_is_refused_naming_it(
    client: TestClient, token: Token
) -> None:
    running_over_http(client, token)
    refused = client.put("/cases/ys-1/substance-ban", json={"protects": []}, headers=token())
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §28 first para"
    assert refused.json()["reason"].startswith("protects:")
