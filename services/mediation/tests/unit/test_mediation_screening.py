"""Skjerming over HTTP: a case in which one of the office's own mediators is a party is seen
only by the leader and those granted it, and that mediator never mediates it (§14)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mediation_http import NOW, Office, make_settings, office

from konfliktrad_shared.clock import FrozenClock


@pytest.fixture
async def o(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as running:
        await running.seed()
        yield running


async def screen(o: Office, parties: list[str], granted: list[str]) -> None:
    body = {"parties": parties, "granted": granted}
    response = await o.http.put("/cases/c-1/screening", json=body, headers=o.leader())
    assert response.status_code == 204, response.text


async def assign(o: Office, *mediator_ids: str) -> dict[str, object]:
    body = {"mediator_ids": list(mediator_ids)}
    response = await o.http.post("/cases/c-1/mediators", json=body, headers=o.leader())
    return {"status": response.status_code, **(response.json() if response.content else {})}


async def test_par14_a_mediator_who_is_a_party_is_refused_with_the_reason(o: Office) -> None:
    await screen(o, parties=["m-1"], granted=["m-2"])

    refused = await assign(o, "m-1")

    assert refused["status"] == 422
    assert "§14" in str(refused["legal_basis"]) and "impartial" in str(refused["legal_basis"])
    assert "m-1 is a party to this screened case" in str(refused["reason"])
    assert (await assign(o, "m-2"))["status"] == 204


async def test_a_screened_case_is_404_to_an_ungranted_colleague_and_seen_by_a_granted_one(
    o: Office,
) -> None:
    await screen(o, parties=["m-1"], granted=["m-2"])
    assert (await assign(o, "m-2"))["status"] == 204

    granted = await o.http.get("/cases/c-1", headers=o.mediator("m-2"))
    assert granted.status_code == 200
    assert [c["case_id"] for c in (await o.http.get("/cases", headers=o.mediator("m-2"))).json()]
    party = await o.http.get("/cases/c-1", headers=o.mediator("m-1"))
    assert party.status_code == 404 and party.json() == {"detail": "no such case"}
    assert (await o.http.get("/cases/c-1", headers=o.leader())).status_code == 200


async def test_a_mediator_not_granted_the_screened_case_is_not_assigned_to_it(o: Office) -> None:
    await screen(o, parties=["m-1"], granted=[])

    refused = await assign(o, "m-2")

    assert refused["status"] == 422 and "not granted" in str(refused["reason"])


async def test_screening_takes_an_assigned_mediator_who_is_a_party_off_the_case(
    o: Office,
) -> None:
    assert (await assign(o, "m-1"))["status"] == 204
    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-1"))).status_code == 200

    await screen(o, parties=["m-1"], granted=["m-2"])

    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-1"))).status_code == 404
    assert (await o.http.get("/cases", headers=o.mediator("m-1"))).json() == []
    case = (await o.http.get("/cases/c-1", headers=o.leader())).json()
    assert case["mediators"] == []


async def test_only_the_office_leader_screens_and_never_grants_a_party(o: Office) -> None:
    body = {"parties": ["m-1"], "granted": []}
    by_mediator = await o.http.put("/cases/c-1/screening", json=body, headers=o.mediator("m-1"))
    assert by_mediator.status_code in (403, 404)
    both = {"parties": ["m-1"], "granted": ["m-1"]}
    refused = await o.http.put("/cases/c-1/screening", json=both, headers=o.leader())
    assert refused.status_code == 422 and "cannot be granted" in refused.json()["reason"]
    bergen = o.bearer("office_leader", office="bergen")
    assert (await o.http.put("/cases/c-1/screening", json=body, headers=bergen)).status_code == 404


async def test_a_leader_of_the_office_who_is_a_party_does_not_see_the_case(o: Office) -> None:
    deputy = o.bearer("office_leader", subject="leader-2")
    assert (await o.http.get("/cases/c-1", headers=deputy)).status_code == 200

    await screen(o, parties=["leader-2"], granted=[])

    assert (await o.http.get("/cases/c-1", headers=deputy)).status_code == 404
    assert (await o.http.get("/cases", headers=deputy)).json() == []
    assert (await o.http.get("/cases/c-1", headers=o.leader())).status_code == 200


async def test_an_assigned_mediator_the_screening_does_not_grant_loses_sight_of_it(
    o: Office,
) -> None:
    body = {"mediator_ids": ["m-1", "m-2"], "lead_mediator": "m-1"}
    assigned = await o.http.post("/cases/c-1/mediators", json=body, headers=o.leader())
    assert assigned.status_code == 204

    await screen(o, parties=["leader-2"], granted=["m-1"])

    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-1"))).status_code == 200
    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-2"))).status_code == 404
