"""Skjerming over HTTP: a case in which one of the office's own staff is a party is seen only
by the office leader and the colleagues the leader grants it to; the screening is on the
case's audit trail, with how many but never who."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from referral_service import Office, referral_office

OSLO = "konfliktradet-oslo"


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


def officer(office: Office, subject: str) -> dict[str, str]:
    return office.bearer("case_officer", subject=subject, office=OSLO)


async def screened_case(office: Office, parties: list[str], granted: list[str]) -> str:
    case_id = str((await office.case(await office.send()))["case_id"])
    body = {"parties": parties, "granted": granted}
    response = await office.http.put(
        f"/cases/{case_id}/screening", json=body, headers=office.leader()
    )
    assert response.status_code == 204, response.text
    return case_id


async def test_a_screened_case_is_404_to_an_ungranted_case_officer_of_the_same_office(
    office: Office,
) -> None:
    case_id = await screened_case(office, parties=["saksbehandler-2"], granted=["saksbehandler-3"])

    ungranted = await office.http.get(
        f"/cases/{case_id}", headers=officer(office, "saksbehandler-1")
    )
    assert ungranted.status_code == 404
    missing = await office.http.get("/cases/no-such-case", headers=officer(office, "x"))
    assert ungranted.json().keys() == missing.json().keys()
    assert "screen" not in ungranted.text, "like a missing case: says nothing of why"
    trail = await office.http.get(
        f"/cases/{case_id}/audit", headers=officer(office, "saksbehandler-1")
    )
    assert trail.status_code == 404
    listed = await office.http.get("/cases", headers=officer(office, "saksbehandler-1"))
    assert case_id not in [c["case_id"] for c in listed.json()]


async def test_a_granted_case_officer_and_the_leader_see_it_and_the_colleague_party_does_not(
    office: Office,
) -> None:
    case_id = await screened_case(office, parties=["saksbehandler-2"], granted=["saksbehandler-3"])

    granted = officer(office, "saksbehandler-3")
    assert (await office.http.get(f"/cases/{case_id}", headers=granted)).status_code == 200
    listed = await office.http.get("/cases", headers=granted)
    assert case_id in [c["case_id"] for c in listed.json()]
    assert (await office.http.get(f"/cases/{case_id}", headers=office.leader())).status_code == 200
    party = officer(office, "saksbehandler-2")
    assert (await office.http.get(f"/cases/{case_id}", headers=party)).status_code == 404


async def test_the_screening_is_on_the_audit_trail_without_naming_who(office: Office) -> None:
    case_id = await screened_case(office, parties=["saksbehandler-2"], granted=["saksbehandler-3"])

    trail = await office.http.get(f"/cases/{case_id}/audit", headers=office.leader())

    [entry] = [e for e in trail.json() if e["action"] == "screened"]
    assert entry["actor"] == "leder-1" and "§14" in entry["legal_basis"]
    assert "saksbehandler-2" not in str(entry) and "1 of the office a party" in entry["detail"]


async def test_only_the_leader_screens_and_a_party_is_never_granted(office: Office) -> None:
    case_id = str((await office.case(await office.send()))["case_id"])
    body = {"parties": ["saksbehandler-2"], "granted": []}
    by_officer = await office.http.put(
        f"/cases/{case_id}/screening", json=body, headers=office.case_officer()
    )
    assert by_officer.status_code == 403
    both = {"parties": ["saksbehandler-2"], "granted": ["saksbehandler-2"]}
    refused = await office.http.put(
        f"/cases/{case_id}/screening", json=both, headers=office.leader()
    )
    assert refused.status_code == 422 and "cannot be granted" in refused.text
    bergen = office.leader("konfliktradet-bergen")
    elsewhere = await office.http.put(f"/cases/{case_id}/screening", json=body, headers=bergen)
    assert elsewhere.status_code == 404


async def test_a_colleague_who_is_a_party_cannot_act_on_the_screened_case_and_a_granted_one_can(
    office: Office,
) -> None:
    case_id = await screened_case(office, parties=["saksbehandler-2"], granted=["saksbehandler-3"])
    postponement = {"expected_on": "2027-03-01", "reason": "venter på tolk"}

    party = await office.http.post(
        f"/cases/{case_id}/postponement",
        json=postponement,
        headers=officer(office, "saksbehandler-2"),
    )
    ungranted = await office.http.post(
        f"/cases/{case_id}/postponement",
        json=postponement,
        headers=officer(office, "saksbehandler-1"),
    )
    granted = await office.http.post(
        f"/cases/{case_id}/postponement",
        json=postponement,
        headers=officer(office, "saksbehandler-3"),
    )

    assert party.status_code == 404, "a party acts on its own screened case"
    assert ungranted.status_code == 404
    assert "screen" not in party.text, "like a missing case: says nothing of why"
    assert granted.status_code == 200, granted.text
