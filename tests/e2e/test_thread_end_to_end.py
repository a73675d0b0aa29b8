"""The thread through all five services and both agency adapters, each its own process, on
the real broker and real PostgreSQL databases (one per service)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from devtools.standins import StandIns, running_standins
from devtools.suite import SERVICES, Suite
from devtools.testdata import synthetic_national_id
from devtools.thread import ThreadResult, play_thread
from devtools.up_cli import local_env
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import DevKeyPair, ensure_dev_keypair
from konfliktrad_shared.envelope import decode_headers

pytestmark = pytest.mark.e2e

SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX = 2525, 9106, 9107
QUIET_SECONDS = 3.0  # long enough for a duplicate delivery to show up, if there were one


@dataclass
class RunningSuite:
    bootstrap: str
    standins: StandIns
    keys: DevKeyPair


@pytest.fixture(scope="module")
async def suite(
    kafka_bootstrap: str,
    database_factory: Callable[[str], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[RunningSuite]:
    state: Path = tmp_path_factory.mktemp("suite")
    keys = ensure_dev_keypair(state / "keys")
    env = local_env(state, kafka_bootstrap)
    for service in SERVICES:
        env[f"{service.env_prefix}DATABASE_URL"] = database_factory(service.name)
        env[f"{service.env_prefix}FIELD_KEYS"] = f"e2e:{generate_key()}"
        env[f"{service.env_prefix}BLIND_INDEX_KEY"] = generate_key()
    async with running_standins(
        smtp_port=SMTP_PORT,
        prosecution_port=PROSECUTION_INBOX,
        correctional_port=CORRECTIONAL_INBOX,
    ) as standins:
        processes = Suite(env, log_dir=state / "logs")
        processes.start()
        try:
            await processes.wait_ready(timeout=120)
            yield RunningSuite(kafka_bootstrap, standins, keys)
        finally:
            processes.stop()


async def messages_about(
    bootstrap: str, topic: str, subject: str
) -> list[tuple[dict[str, str], bytes]]:
    """Every message on `topic` whose ce_subject is `subject`: headers and value."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        found = []
        end: dict[TopicPartition, int] = {}
        while not end or [tp for tp, offset in end.items() if await consumer.position(tp) < offset]:
            batch = await consumer.getmany(timeout_ms=500)
            if not end and consumer.assignment():
                end = await consumer.end_offsets(list(consumer.assignment()))
            for records in batch.values():
                for record in records:
                    headers = decode_headers(record.headers)
                    if headers.get("ce_subject") == subject:
                        found.append((headers, record.value))
        return found
    finally:
        await consumer.stop()


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
    on_agency_topic = await messages_about(suite.bootstrap, agency_topic, case_id)
    assert len(on_agency_topic) == 1, "one escalation event on the agency topic"

    letters = [m for m in suite.standins.mail.messages if case_id in str(m["Subject"])]
    assert len(letters) == 1
    assert letters[0]["To"] == "verge@example.no"

    thread_events = [
        *on_agency_topic,
        *await messages_about(suite.bootstrap, topics.REFERRAL_EVENTS, case_id),
        *await messages_about(suite.bootstrap, topics.YOUTH_PLAN_EVENTS, case_id),
        *await messages_about(suite.bootstrap, topics.NOTIFICATION_EVENTS, case_id),
    ]
    event_types = {headers["ce_type"] for headers, _ in thread_events}
    assert {
        "no.konfliktraadet.referral.case_registered.v1",
        "no.konfliktraadet.youth_plan.youth_case_opened.v1",
        "no.konfliktraadet.youth_plan.breach_escalated.v1",
        "no.konfliktraadet.notification.guardians_notified.v1",
    } <= event_types
    appointment = [
        *await messages_about(suite.bootstrap, topics.VETTING_EVENTS, result.mediator_id),
        *await messages_about(suite.bootstrap, topics.MEDIATION_EVENTS, result.mediator_id),
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
            metrics = await client.get(f"{base}/metrics/")
            assert metrics.status_code == 200 and "# TYPE" in metrics.text, service.name
            assert (await client.get(f"{base}/openapi.json")).json()["info"]["title"]
            assert (await client.get(f"{base}/docs")).status_code == 200
            if service.name in PROTECTED:
                unauthenticated = await client.get(f"{base}{PROTECTED[service.name]}")
                assert unauthenticated.status_code == 401, service.name
