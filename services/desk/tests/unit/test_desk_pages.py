"""The desk's pages against stand-ins for the services (httpx's MockTransport): who may sign
in how, an expired sign-in back to where the person was, "not found" as the API says, and a
refusal beside its field with the input kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from desk.adapters.identity import DevelopmentSignInRefused
from desk.adapters.suite_api import Refusal, refusals_of
from desk.bootstrap import bootstrap
from desk.config import DeskSettings
from desk.entrypoints.web import Form
from desk.main import create_app
from konfliktrad_shared.devkeys import ensure_dev_keypair

CASE = {
    "case_id": "c-1",
    "office": "konfliktradet-oslo",
    "reaction": "mediation",
    "decision_basis": "strpl_71a",
    "opened_at": "2026-12-01T09:00:00Z",
    "parties": [
        {"party_id": "offender", "role": "offender", "is_minor": False, "guardian_of": None}
    ],
    "mediators": ["m-1"],
    "lead_mediator": None,
    "meetings": [
        {
            "meeting_id": "mt-1",
            "kind": "mediation_meeting",
            "starts_at": "2026-12-03T09:00:00Z",
            "mode": "in_person",
            "participants": [{"person_ref": "offender", "role": "party"}],
            "outcome": None,
        }
    ],
    "agreements": [],
}
Handler = Callable[[httpx.Request], httpx.Response]


def settings(tmp_path: Path, **overrides: Any) -> DeskSettings:
    ensure_dev_keypair(tmp_path / "keys")
    values: dict[str, Any] = {
        "development_sign_in": True,
        "development_keys_dir": tmp_path / "keys",
    }
    return DeskSettings(**(values | overrides))


def test_development_sign_in_refuses_anything_but_loopback(tmp_path: Path) -> None:
    with pytest.raises(DevelopmentSignInRefused):
        bootstrap(settings(tmp_path, http_host="0.0.0.0"))


def test_development_sign_in_refuses_beside_an_identity_provider(tmp_path: Path) -> None:
    with pytest.raises(DevelopmentSignInRefused):
        bootstrap(settings(tmp_path, oidc_issuer="https://idp.example", oidc_client_id="desk"))


def test_development_sign_in_refuses_without_the_development_key(tmp_path: Path) -> None:
    with pytest.raises(DevelopmentSignInRefused):
        bootstrap(DeskSettings(development_sign_in=True, development_keys_dir=tmp_path / "no"))


def test_no_sign_in_configured_does_not_start(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        bootstrap(DeskSettings(development_keys_dir=tmp_path))


def test_the_identity_provider_needs_a_session_secret() -> None:
    with pytest.raises(SystemExit, match="SESSION_SECRET"):
        bootstrap(DeskSettings(oidc_issuer="https://idp.example", oidc_client_id="desk"))


def test_a_rule_refusal_and_validation_errors_are_read_as_the_service_wrote_them() -> None:
    assert refusals_of({"legal_basis": "§12", "reason": "no"}) == [
        Refusal(reason="no", legal_basis="§12")
    ]
    validation = {"detail": [{"loc": ["body", "starts_at"], "msg": "Input should be a datetime"}]}
    assert refusals_of(validation) == [
        Refusal(reason="Input should be a datetime", field="starts_at")
    ]


def test_a_refusal_goes_beside_the_field_its_provision_concerns() -> None:
    form = Form("agreement", {"performance_kind": "money"})
    form.refused(
        [Refusal(reason="no money", legal_basis="konfliktrådsloven §12 third para")],
        {"§12 third para": "performance_kind"},
    )
    assert form.by_field["performance_kind"].reason == "no money"
    assert not form.general


def with_services(tmp_path: Path, handler: Handler) -> TestClient:
    """The desk app with its HTTP client answered by `handler`."""
    app = create_app(settings(tmp_path), httpx.MockTransport(handler))
    return TestClient(app, follow_redirects=False)


def signed_in(client: TestClient, persona: str = "mediator", subject: str = "m-1") -> None:
    answer = client.post(
        "/sign-in",
        data={"persona": persona, "office": "konfliktradet-oslo", "subject": subject, "next": "/"},
    )
    assert answer.status_code == 303


def test_without_a_sign_in_the_page_asks_for_one_and_remembers_where(tmp_path: Path) -> None:
    client = with_services(tmp_path, lambda _: httpx.Response(500))
    answer = client.get("/mediation/c-1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/mediation/c-1"


def test_a_token_the_service_no_longer_accepts_returns_to_sign_in_and_back(
    tmp_path: Path,
) -> None:
    client = with_services(tmp_path, lambda _: httpx.Response(401))
    signed_in(client)
    answer = client.post("/mediation/c-1/agreements", data={"meeting_id": "mt-1"})
    assert answer.headers["location"] == "/sign-in?next=/mediation/c-1"


def test_a_case_the_api_hides_is_not_found(tmp_path: Path) -> None:
    client = with_services(tmp_path, lambda _: httpx.Response(404, json={"detail": "no such case"}))
    signed_in(client)
    answer = client.get("/mediation/c-1")
    assert answer.status_code == 404
    assert "Fant ikke siden" in answer.text
    assert "c-1" not in answer.text.split("<main")[1]


def test_a_refusal_is_shown_beside_its_field_with_the_input_kept(tmp_path: Path) -> None:
    refusal = {"legal_basis": "konfliktrådsloven §12 third para", "reason": "no money"}

    def mediation(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            sent = json.loads(request.content)
            assert sent["performances"][0]["kind"] == "money"
            assert request.headers["authorization"].startswith("Bearer ")
            return httpx.Response(422, json=refusal)
        if request.url.path.endswith("/notes"):
            return httpx.Response(200, json={"notes": []})
        return httpx.Response(200, json=CASE)

    client = with_services(tmp_path, mediation)
    signed_in(client)
    answer = client.post(
        "/mediation/c-1/agreements",
        data={
            "meeting_id": "mt-1",
            "performance_kind": "money",
            "performance_scope": "2 000 kroner",
            "due_on": "2027-01-01",
            "owed_by": "offender",
            "owed_to": "offender",
            "in_writing": "on",
        },
    )
    assert answer.status_code == 422
    page = answer.text
    assert 'data-refusal-for="performance_kind"' in page
    assert "konfliktrådsloven §12 third para" in page
    assert 'value="2 000 kroner"' in page
    assert '<option value="money" selected>' in page


def test_the_figures_download_as_csv_with_decimal_commas(tmp_path: Path) -> None:
    def month(received: dict[str, int], closed: dict[str, int], days: float | None) -> Any:
        return {
            "office": "konfliktradet-oslo",
            "long_standing_average_days": 40,
            "months": [
                {
                    "month": "2026-12",
                    "received": received,
                    "closed": closed,
                    "cases_to_first_meeting": 2,
                    "mean_days_to_first_meeting": days,
                    "cases_closed": 1,
                    "mean_days_to_closure": None,
                }
            ],
        }

    answers = {
        8001: month({"criminal": 4}, {"rejected": 1}, None),
        8002: month({"criminal": 3}, {"fulfilled": 1}, 12.5),
        8003: month({"youth_sentence": 1}, {"transferred": 1}, 3.0),
    }
    client = with_services(tmp_path, lambda r: httpx.Response(200, json=answers[r.url.port]))
    signed_in(client, "office_leader", "leder")
    answer = client.get("/figures.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    header, *lines = answer.text.splitlines()
    columns = header.split(";")
    assert columns[:4] == ["month", "source", "received_criminal", "received_civil"]
    assert columns[-2:] == ["days_to_first_meeting", "days_to_closure"]
    rows = [dict(zip(columns, line.split(";"), strict=True)) for line in lines]
    assert [row["source"] for row in rows] == ["referral", "mediation", "youth_plan"]
    assert rows[0]["closed_rejected"] == "1" and rows[0]["received_criminal"] == "4"
    assert rows[1]["days_to_first_meeting"] == "12,5" and rows[1]["closed_fulfilled"] == "1"
    assert rows[2]["received_youth_sentence"] == "1" and rows[2]["closed_transferred"] == "1"
    page = client.get("/figures")
    assert page.status_code == 200
    for source in ("Mottak", "Megling", "Ungdomssaker"):
        assert f"<td>{source}</td>" in page.text
    assert "<strong>40 dager</strong>" in page.text
