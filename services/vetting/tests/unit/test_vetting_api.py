"""The HTTP edge with real tokens and SQLite, without the lifespan (no broker needed)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from vetting_http import COMMITTEE, Token, application, appoint


def test_the_committee_appoints_a_mediator_for_four_years(client: TestClient, token: Token) -> None:
    created = appoint(client, token, application())
    assert created.status_code == 201, created.text
    mediator = created.json()
    assert (mediator["term_starts"], mediator["term_ends"]) == ("2026-03-02", "2030-03-02")
    fetched = client.get(f"/mediators/{mediator['mediator_id']}", headers=token("office_leader"))
    assert fetched.json() == mediator


def test_par6_the_assessment_lists_every_rule_and_when_it_stops(
    client: TestClient, token: Token
) -> None:
    record = [
        {"reaction": "youth_sentence", "final_on": "2020-01-01"},
        {"reaction": "prison", "final_on": "2023-05-01", "suspended": {"days": 30}},
    ]
    submitted = client.post(
        "/applications", json=application(record=record), headers=token("office_leader")
    )
    body = submitted.json()
    assert body["eligible"] is False
    assert [(f["legal_basis"], f["eligible_from"]) for f in body["findings"]] == [
        ("konfliktrådsloven §6 first para no. 7", "2030-01-01"),
        ("konfliktrådsloven §6 first para no. 8", "2028-05-01"),
    ]
    refused = client.post(
        f"/applications/{body['application_id']}/appointment",
        json={"committee": COMMITTEE},
        headers=token("office_leader"),
    )
    assert refused.status_code == 422
    assert "eligible from 2030-01-01" in refused.json()["reason"]


def test_par7_refusal_answers_422_with_the_provision(client: TestClient, token: Token) -> None:
    refused = appoint(client, token, application(position="police"))
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §7 first para"


def test_par4_fifth_para_a_new_record_entry_revokes(client: TestClient, token: Token) -> None:
    mediator = appoint(client, token, application()).json()
    revoked = client.post(
        f"/mediators/{mediator['mediator_id']}/revocations",
        json={
            "requirement": "record",
            "self_reported": True,
            "committee": COMMITTEE,
            "record_entry": {
                "reaction": "prison",
                "final_on": "2026-02-01",
                "unconditional": {"months": 2},
            },
        },
        headers=token("appointment_committee"),
    )
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["status"], revoked.json()["self_reported"]) == ("revoked", True)
    assert revoked.json()["end_basis"].endswith("§6 first para no. 6")


def test_par3_coverage_reports_the_municipalities_without_a_mediator(
    client: TestClient, token: Token
) -> None:
    appoint(client, token, application("3905"))
    leader = token("office_leader")
    report = client.get("/coverage", headers=leader).json()
    assert "3905" not in report["gaps"] and len(report["gaps"]) == 5

    recorded = client.post(
        "/coverage/exceptions",
        json={"municipality": report["gaps"][0], "reason": "x"},
        headers=leader,
    )
    assert recorded.status_code == 204
    assert len(client.get("/coverage", headers=leader).json()["gaps"]) == 4
    elsewhere = client.post(
        "/coverage/exceptions", json={"municipality": "0301", "reason": "x"}, headers=leader
    )
    assert elsewhere.status_code == 422


def test_par5_a_mediator_for_a_municipality_the_office_does_not_cover_is_refused(
    client: TestClient, token: Token
) -> None:
    refused = client.post("/applications", json=application("0301"), headers=token("office_leader"))
    assert refused.status_code == 422


def test_par4_composition_is_suppressed_for_a_small_corps(client: TestClient, token: Token) -> None:
    appoint(client, token, application())
    report = client.get("/composition", headers=token("office_leader")).json()
    assert report == {"total": None, "dimensions": {}}


def test_only_office_staff_of_the_office(client: TestClient, token: Token) -> None:
    assert client.post("/applications", json=application()).status_code == 401
    assert (
        client.post("/applications", json=application(), headers=token("mediator")).status_code
        == 403
    )
    other = token("office_leader", office="konfliktradet-oslo")
    assert client.post("/applications", json=application(), headers=other).status_code == 403


def test_par4_renewal_and_the_offices_list(client: TestClient, token: Token) -> None:
    mediator = appoint(client, token, application()).json()
    renewed = client.post(
        f"/mediators/{mediator['mediator_id']}/renewals",
        json={"committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
    assert renewed.status_code == 200, renewed.text
    assert (renewed.json()["term_starts"], renewed.json()["term_ends"]) == (
        "2030-03-02",
        "2034-03-02",
    )
    listed = client.get("/mediators", headers=token("office_leader")).json()
    assert [m["mediator_id"] for m in listed] == [mediator["mediator_id"]]


def test_par4_composition_of_a_corps_of_five(client: TestClient, token: Token) -> None:
    for gender in ["woman"] * 3 + ["man"] * 2:
        appoint(client, token, application(gender=gender, occupation="nurse"))
    report = client.get("/composition", headers=token("office_leader")).json()
    assert report["total"] == 5
    assert report["dimensions"]["occupation"] == [{"value": "nurse", "count": 5}]
    assert {c["count"] for c in report["dimensions"]["gender"]} == {None}


def test_another_office_is_not_reported(client: TestClient, token: Token) -> None:
    leader = token("office_leader")
    assert client.get("/coverage?office=konfliktradet-oslo", headers=leader).status_code == 403
    assert client.get("/composition?office=konfliktradet-oslo", headers=leader).status_code == 403


def test_another_offices_mediator_is_not_disclosed(client: TestClient, token: Token) -> None:
    mediator = appoint(client, token, application()).json()
    other = token("office_leader", office="konfliktradet-oslo")
    assert client.get(f"/mediators/{mediator['mediator_id']}", headers=other).status_code == 404
    assert client.get("/mediators/unknown", headers=token("office_leader")).status_code == 404
    revoke = {"requirement": "position", "committee": COMMITTEE}
    assert (
        client.post(
            f"/mediators/{mediator['mediator_id']}/revocations", json=revoke, headers=other
        ).status_code
        == 404
    )
