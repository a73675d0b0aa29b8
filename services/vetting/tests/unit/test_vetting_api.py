"""The HTTP edge with real tokens and SQLite, without the lifespan (no broker needed)."""

from __future__ import annotations

from collections.abc import Callable
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

Token = Callable[..., dict[str, str]]
OFFICE = "konfliktradet-vestfold"
COMMITTEE = {"municipal_member": "M", "police_member": "P", "office_leader": "L"}


def application(municipality: str = "3905", **candidate: Any) -> dict[str, Any]:
    return {
        "office": OFFICE,
        "municipality": municipality,
        "candidate": {
            "name": "Synthetic Mediator",
            "birth_date": "1980-05-17",
            "citizenship": "NO",
            "lives_in_municipality": True,
            "suitable": True,
            "police_certificate_received_on": "2026-02-20",
            **candidate,
        },
    }


@pytest.fixture
def settings(tmp_path: Path) -> VettingSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = VettingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    return settings


@pytest.fixture
def client(settings: VettingSettings) -> TestClient:
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    return TestClient(create_app(settings, clock=clock))


@pytest.fixture
def token(settings: VettingSettings) -> Token:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()

    def bearer(*roles: str, office: str | None = OFFICE) -> dict[str, str]:
        minted = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject="leader-1",
            roles=roles,
            office=office,
        )
        return {"Authorization": f"Bearer {minted}"}

    return bearer


def appoint(client: TestClient, token: Token, body: dict[str, Any]) -> Any:
    leader = token("office_leader")
    submitted = client.post("/applications", json=body, headers=leader)
    assert submitted.status_code == 201, submitted.text
    application_id = submitted.json()["application_id"]
    return client.post(
        f"/applications/{application_id}/appointment",
        json={"committee": COMMITTEE},
        headers=token("appointment_committee"),
    )


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


# -- the second reading: lengths in the court's units, the committee revokes, the certificate --


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
