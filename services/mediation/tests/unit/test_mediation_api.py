"""The HTTP edge with real tokens and SQLite, without the lifespan (no broker needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from mediation_http import NOW, Office, end_meeting, make_settings, office, play_to_approval

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from mediation.domain.commands import EndMediatorTerm
from mediation.main import create_app


@pytest.fixture
async def o(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as running:
        await running.seed()
        yield running


@pytest.mark.parametrize("role", ["office_leader", "mediator"])
async def test_roster_shows_the_callers_office_only(o: Office, role: str) -> None:
    response = await o.http.get("/roster", headers=o.bearer(role))

    assert response.status_code == 200
    assert [entry["mediator_id"] for entry in response.json()] == ["m-1", "m-2"]
    assert response.json()[0]["term_ends"] == "2030-03-02"


async def test_roster_needs_an_office_role(o: Office) -> None:
    assert (await o.http.get("/roster")).status_code == 401
    assert (await o.http.get("/roster", headers=o.bearer("case_officer"))).status_code == 403


async def test_the_leader_reads_the_offices_case_and_another_office_does_not(o: Office) -> None:
    response = await o.http.get("/cases/c-1", headers=o.leader())
    assert response.status_code == 200
    assert response.json()["decision_basis"] == "strpl_71a"
    assert "sealed_contact" not in response.json()["parties"][0]

    bergen = o.bearer("office_leader", office="bergen")
    assert (await o.http.get("/cases/c-1", headers=bergen)).status_code == 404
    assert (await o.http.get("/cases/unknown", headers=o.leader())).status_code == 404


async def test_a_mediator_cannot_read_another_mediators_case(o: Office) -> None:
    await play_to_approval(o)

    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-1"))).status_code == 200
    other = o.mediator("m-2")
    assert (await o.http.get("/cases/c-1", headers=other)).status_code == 404
    meeting_id = (await o.http.get("/cases/c-1", headers=o.leader())).json()["meetings"][0][
        "meeting_id"
    ]
    notes = f"/cases/c-1/meetings/{meeting_id}/notes"
    assert (await o.http.get(notes, headers=other)).status_code == 404
    assert (await o.http.post(notes, json={"text": "x"}, headers=other)).status_code == 404


async def test_par14_assigning_an_out_of_office_mediator_is_a_422_naming_par14(o: Office) -> None:
    response = await o.http.post(
        "/cases/c-1/mediators", json={"mediator_ids": ["m-bergen"]}, headers=o.leader()
    )
    assert response.status_code == 422
    assert response.json()["legal_basis"] == "konfliktrådsloven §14"


@pytest.mark.parametrize("legal_basis", [None, "konfliktrådsloven §6"])
async def test_par4_par14_an_expired_or_revoked_mediator_is_a_422_naming_both(
    o: Office, legal_basis: str | None
) -> None:
    await o.app.state.bus.handle(EndMediatorTerm("m-2", date(2026, 3, 1), legal_basis))
    response = await o.http.post(
        "/cases/c-1/mediators", json={"mediator_ids": ["m-2"]}, headers=o.leader()
    )
    assert response.status_code == 422
    assert "§14" in response.json()["legal_basis"]
    assert "§4 fourth para" in response.json()["legal_basis"]


async def test_only_the_leader_assigns_and_only_a_mediator_decides(o: Office) -> None:
    as_mediator = await o.http.post(
        "/cases/c-1/mediators", json={"mediator_ids": ["m-1"]}, headers=o.mediator()
    )
    assert as_mediator.status_code == 403


async def test_bad_input_is_a_422_with_the_reason(o: Office) -> None:
    response = await o.http.post(
        "/cases/c-1/mediators", json={"mediator_ids": []}, headers=o.leader()
    )
    assert response.status_code == 422
    assert "mediator_ids" in response.text


async def test_the_flow_over_http_reports_the_outcome_and_fulfilment_to_the_prosecution(
    o: Office,
) -> None:
    meeting_id, agreement_id = await play_to_approval(o)
    assert (await end_meeting(o, meeting_id)).status_code == 204
    fulfilled = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/fulfilment", headers=o.leader()
    )
    assert fulfilled.status_code == 204

    prosecution = [m for m in await o.outbox() if m["topic"] == topics.PROSECUTION]
    assert [m["type"].split(".")[-2] for m in prosecution] == [
        "meeting_outcome_reported",
        "agreement_fulfilment_confirmed",
    ]
    assert prosecution[0]["payload"]["approved_agreement_id"] == agreement_id
    assert (
        prosecution[0]["payload"]["police_record_ends_on"] == "2028-03-02"
    )  # approved 2 March 2026
    types = [m["type"].split(".")[-2] for m in await o.outbox()]
    assert {"meeting_scheduled", "agreement_approved"} <= set(types)


async def test_par18_a_late_withdrawal_over_http_is_a_422(o: Office) -> None:
    _, agreement_id = await play_to_approval(o)
    o.clock.set(NOW.replace(day=17, hour=0))  # approved 2 March (Oslo): period over
    response = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/withdrawal",
        json={"party_id": "victim-1"},
        headers=o.leader(),
    )
    assert response.status_code == 422
    assert response.json()["legal_basis"] == (
        "konfliktrådsloven §18 first para, domstolloven §148 second para"
    )


async def test_the_test_clock_route_exists_only_when_enabled(tmp_path: Path) -> None:
    settings = await make_settings(tmp_path)
    async with office(settings, FrozenClock(NOW)) as default:
        body = {"now": "2026-04-01T00:00:00+02:00"}
        moved = await default.http.put("/test-clock", json=body, headers=default.leader())
        assert moved.status_code == 404

    enabled = settings.model_copy(update={"test_clock_enabled": True})
    app = create_app(enabled)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        leader = default.leader()
        moved = await http.put("/test-clock", json=body, headers=leader)
        assert moved.status_code == 200, moved.text
        assert app.state.runtime.clock.now() >= datetime(2026, 3, 31, 22, tzinfo=UTC)
    await app.state.runtime.engine.dispose()


async def test_par12_indirect_mediation_over_http_needs_the_justification(o: Office) -> None:
    leader = o.leader()
    await o.http.post("/cases/c-1/mediators", json={"mediator_ids": ["m-1"]}, headers=leader)
    meeting = {
        "kind": "mediation_meeting",
        "starts_at": "2026-03-10T10:00:00+01:00",
        "mode": "video",
        "participants": [
            {"person_ref": "offender", "role": "party"},
            {"person_ref": "victim-1", "role": "party"},
        ],
    }
    refused = await o.http.post("/cases/c-1/meetings", json=meeting, headers=leader)
    assert refused.status_code == 422
    assert refused.json()["legal_basis"].startswith("konfliktrådsloven §12 second para")

    meeting["indirect_permission"] = {"justification": "the victim lives in Tromsø"}
    scheduled = await o.http.post("/cases/c-1/meetings", json=meeting, headers=leader)
    assert scheduled.status_code == 201
    [announced] = [m for m in await o.outbox() if "meeting_scheduled" in m["type"]]
    assert announced["topic"] == topics.MEDIATION_EVENTS
    assert announced["payload"]["indirect"] is True
    assert [p["party_id"] for p in announced["payload"]["participants"]] == [
        "offender",
        "victim-1",
    ]


async def test_the_case_list_shows_a_mediator_their_own_cases_and_the_leader_all(
    o: Office,
) -> None:
    await play_to_approval(o)

    def ids(response: httpx.Response) -> list[str]:
        assert response.status_code == 200
        return [case["case_id"] for case in response.json()]

    assert ids(await o.http.get("/cases", headers=o.leader())) == ["c-1"]
    assert ids(await o.http.get("/cases", headers=o.mediator("m-1"))) == ["c-1"]
    assert ids(await o.http.get("/cases", headers=o.mediator("m-2"))) == []
