"""The thread through all five services and both agency adapters, each its own process, on
the real broker and real PostgreSQL databases (one per service)."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest
from suite_support import METRICS_TOKEN, QUIET_SECONDS, RunningSuite, messages_about

from devtools.mediation_thread import play_mediation
from devtools.suite import SERVICES
from devtools.testdata import synthetic_national_id
from devtools.thread import ThreadResult, Timeline, play_thread
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction

pytestmark = pytest.mark.e2e


def trace_id_of(traceparent: str | None) -> str | None:
    return traceparent.split("-")[1] if traceparent else None


@pytest.mark.parametrize(
    ("reaction", "agency_topic", "inbox_name"),
    [
        (Reaction.YOUTH_FOLLOW_UP, topics.PROSECUTION, "prosecution"),
        (Reaction.YOUTH_SENTENCE, topics.CORRECTIONAL, "correctional"),
    ],
)
async def test_breach_escalation_reaches_the_agency_once_in_one_trace(
    suite: RunningSuite, reaction: Reaction, agency_topic: str, inbox_name: str
) -> None:
    result: ThreadResult = await play_thread(
        bootstrap_servers=suite.bootstrap,
        standins=suite.standins,
        keys_dir=suite.keys,
        reaction=reaction,
    )
    await asyncio.sleep(QUIET_SECONDS)
    case_id, trace_id = result.case_id, result.trace_id
    inbox = getattr(suite.standins, inbox_name)
    other = (
        suite.standins.correctional if inbox_name == "prosecution" else suite.standins.prosecution
    )

    delivered = [d for d in inbox.deliveries if d.subject == case_id]
    assert len(delivered) == 1, "the escalation reached the agency exactly once"
    assert delivered[0].event_type == "no.konfliktraadet.youth_plan.breach_escalated.v1"
    assert not [d for d in other.deliveries if d.subject == case_id], "and no other agency"
    on_agency_topic = await messages_about(suite.operator, agency_topic, case_id)
    assert len(on_agency_topic) == 1, "one escalation event on the agency topic"

    letters = [m for m in suite.standins.mail.messages if case_id in str(m["Subject"])]
    assert len(letters) == 1
    assert letters[0]["To"] == "verge@example.no"

    thread_events = [
        *on_agency_topic,
        *await messages_about(suite.operator, topics.REFERRAL_EVENTS, case_id),
        *await messages_about(suite.operator, topics.YOUTH_PLAN_EVENTS, case_id),
        *await messages_about(suite.operator, topics.NOTIFICATION_EVENTS, case_id),
    ]
    event_types = {headers["ce_type"] for headers, _ in thread_events}
    assert {
        "no.konfliktraadet.referral.registered.v1",
        "no.konfliktraadet.youth_plan.youth_case_opened.v1",
        "no.konfliktraadet.youth_plan.breach_escalated.v1",
        "no.konfliktraadet.notification.guardians_notified.v1",
    } <= event_types
    appointment = [
        *await messages_about(suite.operator, topics.VETTING_EVENTS, result.mediator_id),
        *await messages_about(suite.operator, topics.MEDIATION_EVENTS, result.mediator_id),
    ]
    assert {headers["ce_type"] for headers, _ in appointment} == {
        "no.konfliktraadet.vetting.mediator_appointed.v1",
        "no.konfliktraadet.mediation.mediator_available.v1",
    }
    thread_events += appointment
    trace_ids = {trace_id_of(headers.get("traceparent")) for headers, _ in thread_events}
    trace_ids |= {trace_id_of(delivered[0].traceparent), trace_id_of(letters[0]["Traceparent"])}
    assert trace_ids == {trace_id}, "one trace id covers the whole thread"

    national_id = synthetic_national_id(date(2010, 3, 14)).encode()
    for _, value in thread_events:
        assert national_id not in value and b"Synthetic" not in value, "no identity in events"


PROTECTED = {
    "referral": "/cases/any",
    "mediation": "/roster",
    "youth_plan": "/cases/any",
    "vetting": "/mediators/any",
}


async def test_every_process_serves_health_metrics_and_its_api_description(
    suite: RunningSuite,
) -> None:
    async with httpx.AsyncClient(timeout=5.0) as client:
        for service in SERVICES:
            base = service.base_url
            assert (await client.get(f"{base}/livez")).status_code == 200
            ready = await client.get(f"{base}/readyz")
            assert ready.json() == {"database": "ok", "broker": "ok"}, service.name
            assert (await client.get(f"{base}/metrics/")).status_code == 401, service.name
            scraper = {"Authorization": f"Bearer {METRICS_TOKEN}"}
            metrics = await client.get(f"{base}/metrics/", headers=scraper)
            assert metrics.status_code == 200 and "# TYPE" in metrics.text, service.name
            assert (await client.get(f"{base}/openapi.json")).json()["info"]["title"]
            assert (await client.get(f"{base}/docs")).status_code == 200
            if service.name in PROTECTED:
                unauthenticated = await client.get(f"{base}{PROTECTED[service.name]}")
                assert unauthenticated.status_code == 401, service.name


async def test_the_demos_mediation_thread_reports_outcome_then_fulfilment_and_tells_the_parties(
    suite: RunningSuite,
) -> None:
    """README command 1 plays this thread: §17 agreement, §18 notices, §20 reports."""
    result = await play_mediation(
        bootstrap_servers=suite.bootstrap, standins=suite.standins, keys=suite.keys,
        timeline=Timeline(say=lambda _: None),
    )  # fmt: skip
    await asyncio.sleep(QUIET_SECONDS)
    reported = [d for d in suite.standins.prosecution.deliveries if d.subject == result.case_id]
    assert [d.event_type for d in reported] == [
        "no.konfliktraadet.mediation.meeting_outcome_reported.v1",
        "no.konfliktraadet.mediation.agreement_fulfilment_confirmed.v1",
    ], "each once, in order"
    assert [address.split(".")[0] for address in result.withdrawal_notices] == [
        "fornaermet",
        "siktet",
    ]
