"""The second reading over HTTP: the case's documents go to the prosecution (§20 second para,
§21), a withdrawal period ending on a holiday runs to the next working day (§18 first para,
domstolloven §148 second para), a community sentence is reported to the correctional service
(straffegjennomføringsloven §53 first para (c)), and request validation names its provision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mediation_http import NOW, Office, end_meeting, make_settings, office, play_to_approval

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis

DOCUMENTS = "/cases/c-1/documents"
SECRET_NOTES = "what the offender said about the night"


@pytest.fixture
async def transfer(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as o:
        await o.seed(DecisionBasis.TRANSFER)
        yield o


@pytest.fixture
async def waiver(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as o:
        await o.seed(DecisionBasis.CONDITIONAL_WAIVER)
        yield o


@pytest.fixture
async def community(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as o:
        await o.seed(DecisionBasis.COMMUNITY_SENTENCE)
        yield o


@pytest.fixture
async def before_easter(tmp_path: Path) -> AsyncIterator[Office]:
    friday = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)  # two weeks on: Good Friday, 3 April
    async with office(await make_settings(tmp_path), FrozenClock(friday)) as o:
        await o.seed(DecisionBasis.TRANSFER)
        yield o


def agency(o: Office, role: str) -> Any:
    return o.bearer(role, subject=f"{role}-adapter", office=None)


def on_topic(messages: list[dict[str, Any]], topic: str) -> list[dict[str, Any]]:
    return [m for m in messages if m["topic"] == topic]


def kind(message: dict[str, Any]) -> str:
    return str(message["type"].split(".")[-2])


# -- §20 second para: the documents, through an authenticated endpoint the report points to --


async def test_s20_second_para_the_cases_documents_go_to_the_prosecution(
    transfer: Office,
) -> None:
    o = transfer
    meeting_id, agreement_id = await play_to_approval(o, notes=SECRET_NOTES)
    early = await o.http.get(DOCUMENTS, headers=agency(o, "prosecution"))
    assert early.status_code == 422
    assert early.json()["legal_basis"] == "konfliktrådsloven §20 second para"

    assert (await end_meeting(o, meeting_id)).status_code == 204
    [report] = on_topic(await o.outbox(), topics.PROSECUTION)
    assert report["payload"]["documents"] == DOCUMENTS
    assert "ten hours of garden work" not in report["row"].payload  # not on Kafka

    fetched = await o.http.get(report["payload"]["documents"], headers=agency(o, "prosecution"))
    assert fetched.status_code == 200, fetched.text
    documents = fetched.json()
    assert documents["approved_agreement_made"] is True
    assert documents["approved_agreement_id"] == agreement_id
    assert documents["legal_basis"] == "konfliktrådsloven §20 second para"
    [agreement] = documents["agreements"]
    assert agreement["signed_by"] == ["offender", "victim-1"]
    assert agreement["performances"][0]["scope"] == "ten hours of garden work"
    assert [d["in_writing"] for d in agreement["decisions"]] == [True]
    [meeting] = documents["meetings"]
    assert (meeting["held"], meeting["present"]) == (True, ["offender", "victim-1", "m-1"])
    assert SECRET_NOTES not in fetched.text, "the dialogue is not among the documents (§9)"


async def test_s20_second_para_only_the_recipient_agency_reads_the_documents(
    transfer: Office,
) -> None:
    o = transfer
    meeting_id, _ = await play_to_approval(o)
    await end_meeting(o, meeting_id)
    assert (await o.http.get(DOCUMENTS)).status_code == 401
    assert (await o.http.get(DOCUMENTS, headers=agency(o, "correctional_service"))).status_code == (
        404
    )
    assert (await o.http.get(DOCUMENTS, headers=o.mediator())).status_code == 404
    other_office = o.bearer("office_leader", office="bergen")
    assert (await o.http.get(DOCUMENTS, headers=other_office)).status_code == 404
    assert (await o.http.get(DOCUMENTS, headers=o.leader())).status_code == 200


async def test_s21_first_para_a_meeting_not_held_sends_the_case_at_once_with_its_documents(
    waiver: Office,
) -> None:
    o = waiver
    meeting_id, _ = await play_to_approval(o)
    await o.http.post(
        "/cases/c-1/meetings/" + meeting_id + "/outcome",
        json={"held": False, "not_held_because": "offender", "agreement_reached": False},
        headers=o.mediator(),
    )
    [report] = on_topic(await o.outbox(), topics.PROSECUTION)
    payload = report["payload"]
    assert (payload["case_returned"], payload["documents"]) == (True, DOCUMENTS)
    assert payload["legal_basis"] == (
        "konfliktrådsloven §21 first para, straffeprosessloven §69 third para"
    )
    documents = (await o.http.get(DOCUMENTS, headers=agency(o, "prosecution"))).json()
    assert documents["meetings"][0]["not_held_because"] == "offender"


async def test_s21_second_para_a_withdrawal_returns_the_case_with_its_documents(
    transfer: Office,
) -> None:
    o = transfer
    _, agreement_id = await play_to_approval(o)
    withdrawn = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/withdrawal",
        json={"party_id": "victim-1"},
        headers=o.leader(),
    )
    assert withdrawn.status_code == 204, withdrawn.text
    [report] = on_topic(await o.outbox(), topics.PROSECUTION)
    assert (kind(report), report["payload"]["documents"]) == ("agreement_withdrawn", DOCUMENTS)
    documents = (await o.http.get(DOCUMENTS, headers=agency(o, "prosecution"))).json()
    assert documents["approved_agreement_made"] is False
    assert documents["agreements"][0]["withdrawn_by"] == "victim-1"


# -- §18 first para with domstolloven §148 second para --


async def test_s18_first_para_period_ending_on_a_holiday_runs_to_next_working_day(
    before_easter: Office,
) -> None:
    o = before_easter
    _, agreement_id = await play_to_approval(o)
    case = (await o.http.get("/cases/c-1", headers=o.leader())).json()
    ends = datetime.fromisoformat(case["agreements"][0]["withdrawal_ends_at"])
    # Good Friday 3 April, Easter Saturday, Sunday and Monday: to the end of Tuesday 7 April.
    assert ends.replace(tzinfo=ends.tzinfo or UTC) == datetime(2026, 4, 7, 22, 0, tzinfo=UTC)
    o.clock.set(datetime(2026, 4, 7, 21, 0, tzinfo=UTC))  # 23:00 in Oslo, Easter Tuesday
    withdrawn = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/withdrawal",
        json={"party_id": "victim-1"},
        headers=o.leader(),
    )
    assert withdrawn.status_code == 204, withdrawn.text


# -- community sentence: run for the correctional service --


async def test_strgjfl_s53_first_para_c_a_community_sentence_reports_to_the_correctional_service(
    community: Office,
) -> None:
    o = community
    meeting_id, agreement_id = await play_to_approval(o)
    assert (await end_meeting(o, meeting_id)).status_code == 204
    fulfilled = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/fulfilment", headers=o.leader()
    )
    assert fulfilled.status_code == 204
    messages = await o.outbox()
    assert on_topic(messages, topics.PROSECUTION) == []
    correctional = on_topic(messages, topics.CORRECTIONAL)
    assert [kind(m) for m in correctional] == [
        "meeting_outcome_reported",
        "agreement_fulfilment_confirmed",
    ]
    assert {m["payload"]["legal_basis"] for m in correctional} == {
        "straffegjennomføringsloven §53 first para (c)"
    }
    assert (await o.http.get(DOCUMENTS, headers=agency(o, "prosecution"))).status_code == 404
    documents = await o.http.get(DOCUMENTS, headers=agency(o, "correctional_service"))
    assert documents.status_code == 200
    assert documents.json()["recipient"] == "correctional_service"


# -- every refusal names its provision --


async def test_s17_fourth_para_a_performance_without_a_due_date_is_refused_naming_it(
    transfer: Office,
) -> None:
    o = transfer
    meeting_id, _ = await play_to_approval(o)
    refused = await o.http.post(
        "/cases/c-1/agreements",
        headers=o.mediator(),
        json={
            "meeting_id": meeting_id,
            "in_writing": True,
            "signed_by": ["offender", "victim-1"],
            "performances": [
                {"kind": "money", "scope": "NOK 2000", "owed_by": "offender", "owed_to": "victim-1"}
            ],
            "final_settlement": True,
        },
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["legal_basis"] == "konfliktrådsloven §17 fourth para"
    assert "performances.0.due_on" in body["reason"]
    assert body["detail"][0]["loc"] == ["body", "performances", 0, "due_on"]
