"""The second reading over HTTP: lengths in the court's units, the committee revokes, the
extended police certificate (§§4, 6)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from vetting_http import COMMITTEE, Token, application, appoint


def findings(client: TestClient, token: Token, **candidate: Any) -> list[tuple[str, Any]]:
    submitted = client.post(
        "/applications", json=application(**candidate), headers=token("office_leader")
    )
    assert submitted.status_code == 201, submitted.text
    return [(f["legal_basis"], f["eligible_from"]) for f in submitted.json()["findings"]]


def test_s6_second_para_a_subsidiary_term_of_366_days_is_more_than_one_year(
    client: TestClient, token: Token
) -> None:
    record = [
        {
            "reaction": "community_sentence",
            "final_on": "2020-01-01",
            "unconditional": {"days": 366},
        }
    ]
    assert findings(client, token, record=record) == [
        ("konfliktrådsloven §6 first para no. 5 and second para", "2035-01-01")
    ]
    record[0]["unconditional"] = {"days": 364}
    assert findings(client, token, record=record) == [
        ("konfliktrådsloven §6 first para no. 6 and second para", "2030-01-01")
    ]


def test_s6_first_para_no_4_three_years_and_one_day_is_more_than_three_years(
    client: TestClient, token: Token
) -> None:
    record = [
        {"reaction": "prison", "final_on": "2000-01-01", "unconditional": {"years": 3, "days": 1}}
    ]
    assert findings(client, token, record=record) == [
        ("konfliktrådsloven §6 first para no. 4", None)
    ]
    record[0] = {"reaction": "prison", "final_on": "2020-01-01", "unconditional": {"years": 3}}
    assert findings(client, token, record=record) == [
        ("konfliktrådsloven §6 first para no. 5", "2035-01-01")
    ]
    record[0]["unconditional"] = {"days": 1096}
    assert findings(client, token, record=record)[0][0] == "konfliktrådsloven §6 first para no. 4"


def test_s4_fifth_para_revocation_is_the_committees_decision_recorded_with_its_members(
    client: TestClient, token: Token
) -> None:
    mediator = appoint(client, token, application()).json()
    revocations = f"/mediators/{mediator['mediator_id']}/revocations"
    leader = token("office_leader")
    alone = client.post(revocations, json={"requirement": "position"}, headers=leader)
    assert alone.status_code == 422
    assert alone.json()["legal_basis"] == "konfliktrådsloven §4 fifth para"
    blank = {**COMMITTEE, "police_member": " "}
    incomplete = client.post(
        revocations, json={"requirement": "position", "committee": blank}, headers=leader
    )
    assert incomplete.status_code == 422
    assert incomplete.json()["legal_basis"] == "konfliktrådsloven §4 fifth para"
    assert client.get(f"/mediators/{mediator['mediator_id']}", headers=leader).json()["status"] == (
        "active"
    )

    decided = client.post(
        revocations,
        json={"requirement": "position", "committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "revoked"
    assert decided.json()["revoked_by"] == COMMITTEE
    assert decided.json()["appointed_by"] == COMMITTEE


def test_s6_third_para_no_appointment_before_the_extended_police_certificate_is_received(
    client: TestClient, token: Token
) -> None:
    leader = token("office_leader")
    body = application(police_certificate_received_on=None)
    submitted = client.post("/applications", json=body, headers=leader).json()
    assert submitted["police_certificate"] == "not_received"
    assert [(f["legal_basis"], f["eligible_from"]) for f in submitted["findings"]] == [
        ("konfliktrådsloven §6 third para", None)
    ]
    application_id = submitted["application_id"]
    refused = client.post(
        f"/applications/{application_id}/appointment",
        json={"committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §6 third para"

    future = client.post(
        f"/applications/{application_id}/police-certificate",
        json={"received_on": "2026-03-03"},
        headers=leader,
    )
    assert future.status_code == 422
    clean = client.post(
        f"/applications/{application_id}/police-certificate",
        json={"received_on": "2026-02-27", "entries": []},
        headers=leader,
    )
    assert clean.status_code == 200, clean.text
    assert (clean.json()["police_certificate"], clean.json()["eligible"]) == ("clean", True)
    appointed = client.post(
        f"/applications/{application_id}/appointment",
        json={"committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
    assert appointed.status_code == 201, appointed.text
    assert appointed.json()["police_certificate_received_on"] == "2026-02-27"


def test_s6_third_para_a_certificate_with_an_entry_is_not_a_clean_one(
    client: TestClient, token: Token
) -> None:
    leader = token("office_leader")
    body = application(police_certificate_received_on=None)
    application_id = client.post("/applications", json=body, headers=leader).json()[
        "application_id"
    ]
    entry = {"reaction": "youth_sentence", "final_on": "2020-01-01"}
    received = client.post(
        f"/applications/{application_id}/police-certificate",
        json={"received_on": "2026-02-27", "entries": [entry]},
        headers=leader,
    ).json()
    assert received["police_certificate"] == "with_entries"
    assert [f["legal_basis"] for f in received["findings"]] == [
        "konfliktrådsloven §6 first para no. 7"
    ]


def test_s6_second_para_request_validation_names_its_provision(
    client: TestClient, token: Token
) -> None:
    record = [{"reaction": "prison", "final_on": "2020-01-01", "unconditional": {"days": -1}}]
    refused = client.post(
        "/applications", json=application(record=record), headers=token("office_leader")
    )
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §6 second para"
    assert "candidate.record.0.unconditional.days" in refused.json()["reason"]


def test_another_offices_commands_are_refused_on_the_handlers_own_load(
    client: TestClient, token: Token
) -> None:
    """The office check is the handler's own read, in its transaction: a missing record's
    answer, word for word, and nothing changed."""
    submitted = client.post("/applications", json=application(), headers=token("office_leader"))
    application_id = submitted.json()["application_id"]
    other = token("office_leader", office="konfliktradet-oslo")
    refused = client.post(
        f"/applications/{application_id}/appointment",
        json={"committee": COMMITTEE},
        headers=other,
    )
    assert (refused.status_code, refused.json()) == (404, {"detail": "no such application"})
    mediator = appoint(client, token, application()).json()
    renewal = client.post(
        f"/mediators/{mediator['mediator_id']}/renewals",
        json={"committee": COMMITTEE},
        headers=other,
    )
    assert (renewal.status_code, renewal.json()) == (404, {"detail": "no such mediator"})
    assert client.get("/mediators", headers=token("office_leader")).json() == [mediator]
