"""Issue 4 on the running suite (real Kafka, PostgreSQL, every service its own process):
a mediation transfer → meeting → approved agreement → the §18 period passes (mediation's
test clock, moved over HTTP; off unless MEDIATION_TEST_CLOCK_ENABLED) → fulfilment. The
prosecution's topic gets the meeting outcome and the fulfilment, once each, in that order.
And a §71a first-para case whose meeting fails because of the offender goes back at once."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from suite_support import QUIET_SECONDS, RunningSuite, messages_about, messages_where

from devtools.suite import service
from devtools.suite_client import OFFICE, TracedClient, eventually, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

pytestmark = pytest.mark.e2e

MEDIATION = service("mediation").base_url
OUTCOME = "no.konfliktraadet.mediation.meeting_outcome_reported.v1"
FULFILMENT = "no.konfliktraadet.mediation.agreement_fulfilment_confirmed.v1"
NOTES = "Ingen utenfor dette rommet skal høre at Synnøve ba om unnskyldning ved kaffemaskinen"


class Office:
    def __init__(self, suite: RunningSuite, http: httpx.AsyncClient) -> None:
        self.suite, self.http = suite, http

    def bearer(self, role: str, subject: str) -> dict[str, str]:
        defaults = ServiceSettings(service_name="e2e", http_port=0)
        token = mint_token(
            self.suite.keys.private_key.read_bytes(),
            self.suite.keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=subject,
            roles=(role,),
            office=OFFICE,
        )
        return {"authorization": f"Bearer {token}"}

    async def move_clock(self, moment: datetime) -> None:
        moved = await self.http.put(
            f"{MEDIATION}/test-clock",
            json={"now": moment.isoformat()},
            headers=self.bearer("office_leader", "leader"),
        )
        assert moved.status_code == 200, moved.text

    async def post(self, path: str, body: Any, role: str, subject: str) -> httpx.Response:
        response = await self.http.post(
            f"{MEDIATION}{path}", json=body, headers=self.bearer(role, subject)
        )
        assert response.is_success, f"{path}: {response.status_code} {response.text}"
        return response


@pytest.fixture
async def office(suite: RunningSuite) -> AsyncIterator[tuple[Office, ThreadSteps]]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    async with httpx.AsyncClient(timeout=10.0) as http:
        try:
            yield Office(suite, http), ThreadSteps(client, suite.bootstrap)
        finally:
            # Give later e2e modules mediation's real time back.
            await Office(suite, http).move_clock(datetime.now(UTC))
            await client.close()


def mediation_transfer(reference: str) -> agencies.CaseTransferred:
    return agencies.CaseTransferred(
        sender_reference=reference,
        sender="Oslo statsadvokatembeter",
        reaction=agencies.Reaction.MEDIATION,
        decision_basis=agencies.DecisionBasis.TRANSFER,
        decided_by=agencies.DecisionMaker.PROSECUTION,
        office=OFFICE,
        offence_date=date(2026, 9, 1),
        decided_on=date(2026, 10, 15),
        offender=agencies.Offender(
            national_id=synthetic_national_id(date(1990, 5, 4)),
            name="Synthetic Adult Offender",
            municipality="0301",
            consents=True,
            acknowledges_guilt=True,
        ),
        victims=[
            agencies.Victim(name="Synthetic Victim", consents=True, birth_date=date(1985, 6, 2))
        ],
    )


async def open_case(o: Office, steps: ThreadSteps) -> tuple[str, str]:
    """A mediator appointed and on the roster, and a §71a mediation case opened for it."""
    mediator_id = (await steps.appoint_mediator())["mediator_id"]
    await steps.wait_on_roster(mediator_id)
    reference = f"POL-{secrets.token_hex(4).upper()}"
    await send_referral(steps.bootstrap_servers, mediation_transfer(reference), "")
    case_id = await steps.wait_registered(reference)

    async def opened() -> bool | None:
        got = await o.http.get(
            f"{MEDIATION}/cases/{case_id}", headers=o.bearer("office_leader", "leader")
        )
        return True if got.status_code == 200 else None

    await eventually(opened, "mediation to open the case")
    leader = ("office_leader", "leader")
    await o.post(f"/cases/{case_id}/mediators", {"mediator_ids": [mediator_id]}, *leader)
    return case_id, mediator_id


async def schedule(o: Office, case_id: str, mediator_id: str) -> str:
    meeting = await o.post(
        f"/cases/{case_id}/meetings",
        {
            "kind": "mediation_meeting",
            "starts_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
            "participants": [
                {"person_ref": "offender", "role": "party"},
                {"person_ref": "victim-1", "role": "party"},
                {"person_ref": mediator_id, "role": "mediator"},
            ],
        },
        "office_leader",
        "leader",
    )
    meeting_id: str = meeting.json()["id"]
    return meeting_id


async def on_prosecution_topic(suite: RunningSuite, case_id: str) -> list[dict[str, Any]]:
    return [
        {"type": headers["ce_type"], **json.loads(value)}
        for headers, value in await messages_about(suite.operator, topics.PROSECUTION, case_id)
    ]


async def test_par18_par20_mediation_to_fulfilment_reaches_the_prosecution_once_each_in_order(
    suite: RunningSuite,
    office: tuple[Office, ThreadSteps],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    o, steps = office
    case_id, mediator_id = await open_case(o, steps)
    meeting_id = await schedule(o, case_id, mediator_id)
    me = ("mediator", mediator_id)
    await o.post(f"/cases/{case_id}/meetings/{meeting_id}/notes", {"text": NOTES}, *me)
    agreement = await o.post(
        f"/cases/{case_id}/agreements",
        {
            "meeting_id": meeting_id,
            "in_writing": True,
            "signed_by": ["offender", "victim-1"],
            "performances": [
                {
                    "kind": "apology",
                    "scope": "a written apology",
                    "due_on": (date.today() + timedelta(days=60)).isoformat(),
                    "owed_by": "offender",
                    "owed_to": "victim-1",
                }
            ],
            "final_settlement": True,
        },
        *me,
    )
    agreement_id = agreement.json()["id"]
    await o.post(
        f"/cases/{case_id}/agreements/{agreement_id}/decisions",
        {"approves": True, "in_writing": True},
        *me,
    )
    everyone = ["offender", "victim-1", mediator_id]
    outcome = {
        "held": True,
        "agreement_reached": True,
        "present": everyone,
        "told_of_confidentiality": everyone,
    }
    await o.post(f"/cases/{case_id}/meetings/{meeting_id}/outcome", outcome, *me)

    period_end = datetime.combine(
        datetime.now(ZoneInfo("Europe/Oslo")).date() + timedelta(days=15),
        datetime.min.time(),
        tzinfo=ZoneInfo("Europe/Oslo"),
    )
    await o.move_clock(period_end + timedelta(minutes=1))

    async def period_ended() -> bool | None:
        found = await messages_about(suite.operator, topics.MEDIATION_EVENTS, case_id)
        types = [headers["ce_type"] for headers, _ in found]
        return True if any("withdrawal_period_ended" in t for t in types) else None

    await eventually(period_ended, "the §18 period to end on the moved clock", timeout=30)
    late = await o.http.post(
        f"{MEDIATION}/cases/{case_id}/agreements/{agreement_id}/withdrawal",
        json={"party_id": "victim-1"},
        headers=o.bearer("office_leader", "leader"),
    )
    assert late.status_code == 422 and "§18" in late.json()["legal_basis"]
    await o.post(
        f"/cases/{case_id}/agreements/{agreement_id}/fulfilment", None, "office_leader", "l"
    )

    async def both_reported() -> list[dict[str, Any]] | None:
        reported = await on_prosecution_topic(suite, case_id)
        return reported if len(reported) >= 2 else None

    reported = await eventually(both_reported, "the outcome and the fulfilment")
    assert [r["type"] for r in reported] == [OUTCOME, FULFILMENT], "once each, in order"
    assert reported[0]["approved_agreement_id"] == agreement_id
    assert reported[0]["case_returned"] is False
    assert reported[1]["agreement_id"] == agreement_id

    async def delivered() -> list[str] | None:
        inbox = [d for d in suite.standins.prosecution.deliveries if d.subject == case_id]
        return [d.event_type for d in inbox] if len(inbox) >= 2 else None

    arrived = await eventually(delivered, "the prosecution's inbox to receive both")
    await asyncio.sleep(QUIET_SECONDS)
    inbox = [d.event_type for d in suite.standins.prosecution.deliveries if d.subject == case_id]
    assert inbox == arrived == [OUTCOME, FULFILMENT], "delivered once each, in order"

    # §20 second para: the report points to the case's documents; the prosecution reads them
    # with its own token, and they hold the agreement but never the notes (§9).
    assert reported[0]["documents"] == f"/cases/{case_id}/documents"
    fetched = await o.http.get(
        f"{MEDIATION}{reported[0]['documents']}", headers=o.bearer("prosecution", "adapter")
    )
    assert fetched.status_code == 200, fetched.text
    assert fetched.json()["approved_agreement_id"] == agreement_id
    assert NOTES not in fetched.text

    await assert_notes_went_nowhere(suite, tmp_path_factory)


async def assert_notes_went_nowhere(
    suite: RunningSuite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """§9: the notes' sentence is on no topic and in no service's log."""
    for topic in (
        topics.MEDIATION_EVENTS,
        topics.PROSECUTION,
        topics.CORRECTIONAL,
        topics.NOTIFICATION_EVENTS,
        topics.dead_letter_topic(topics.PROSECUTION),
    ):
        leaked = await messages_where(
            suite.operator, topic, lambda h, v: NOTES.encode() in v or NOTES in json.dumps(h)
        )
        assert leaked == [], f"§9: meeting notes on {topic}"
    logs = await asyncio.to_thread(
        lambda: [
            p.read_text(errors="replace")
            for p in tmp_path_factory.getbasetemp().glob("suite*/logs/*.log")
        ]
    )
    assert logs, "the suite's service logs were found"
    assert not [text for text in logs if NOTES in text], "§9: meeting notes in a log line"


async def test_par21_a_71a_meeting_failed_by_the_offender_is_returned_to_the_prosecution(
    suite: RunningSuite, office: tuple[Office, ThreadSteps]
) -> None:
    o, steps = office
    case_id, mediator_id = await open_case(o, steps)
    meeting_id = await schedule(o, case_id, mediator_id)
    await o.post(
        f"/cases/{case_id}/meetings/{meeting_id}/outcome",
        {"held": False, "not_held_because": "offender", "agreement_reached": False},
        "mediator",
        mediator_id,
    )

    async def reported() -> list[dict[str, Any]] | None:
        found = await on_prosecution_topic(suite, case_id)
        return found or None

    [outcome] = await eventually(reported, "the outcome on the prosecution's topic")
    assert outcome["type"] == OUTCOME
    assert outcome["held"] is False and outcome["not_held_because"] == "offender"
    assert outcome["case_returned"] is True and outcome["prosecution_may_reopen"] is True
    assert "straffeprosessloven §71a first para" in outcome["legal_basis"]

    async def returned() -> list[Any] | None:
        inbox = [d for d in suite.standins.prosecution.deliveries if d.subject == case_id]
        return inbox or None

    [delivery] = await eventually(returned, "the prosecution's inbox to get the case back")
    assert delivery.event_type == OUTCOME and delivery.body["case_returned"] is True
