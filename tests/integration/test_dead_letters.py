"""Reliability scenario 8, per consumed topic: malformed messages go to `<topic>.dlq` with their
original bytes and the reason, and the consumer goes on to the next good message.

Every consumer of every consumed topic runs as the real app (in-process, through its ASGI
lifespan) on its own fresh PostgreSQL database, against the real broker and the real topics.
Each app's consumer group is new and is started at the topics' current end, so it sees only
what the test puts there (and whatever else is produced meanwhile, which is harmless).

Per topic the test puts three poison messages with valid CloudEvents headers and one key (so
one partition, in order) — invalid JSON, a known `ce_type` whose JSON breaks the contract, and
an unknown `ce_type` (a `.v2` nobody consumes) — then the good message(s), and checks:
- each consumer of the topic dead-lettered each poison message: on `<topic>.dlq` with the
  original value and key, `dlq_reason` invalid_json / schema_violation / unknown_type, the
  original topic/partition/offset and `dlq_consumer` naming it;
- no personal data (the national id, name and e-mail in the poison) in `dlq_error` or logs;
- the good message behind them was processed (its effect in the consumer's database, the
  agency's inbox or the guardian's mailbox) and the group committed past it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from fixtures.postgres import DatabaseFactory
from sqlalchemy import text
from topic_probe import (
    Producer,
    cloud_event_headers,
    committed_offsets,
    end_offsets,
    eventually_true,
    field_key_settings,
    free_port,
    headers_of,
    records_since,
    start_group_at,
)

from devtools.standins import StandIns, running_standins
from devtools.testdata import synthetic_national_id
from devtools.thread import OFFICE, case_transferred
from konfliktrad_shared.contracts import agencies, referral, topics, vetting, youth_plan
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.runtime import Runtime
from mediation.config import MediationSettings
from mediation.main import create_app as mediation_app
from notification.config import (
    CorrectionalAdapterSettings,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.domain.commands import Agency
from notification.main import create_agency_adapter
from notification.main import create_app as notification_app
from referral.config import ReferralSettings
from referral.main import create_app as referral_app
from youth_plan.config import YouthPlanSettings
from youth_plan.main import create_app as youth_plan_app

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

# Personal data the poison carries; none of it may show up in a dlq_error header or a log line.
NATIONAL_ID = synthetic_national_id(date(2009, 7, 23), individual_number=431)
NAME = "Kari Poison Nordmann"
EMAIL = "kari.poison.nordmann@example.no"
PERSONAL_DATA = (NATIONAL_ID, NAME, EMAIL)

CONSUMERS_OF = {
    "referral": (topics.REFERRALS,),
    "youth_plan": (topics.REFERRAL_EVENTS,),
    "mediation": (topics.VETTING_EVENTS, topics.REFERRAL_EVENTS),
    "notification": (topics.REFERRAL_EVENTS, topics.YOUTH_PLAN_EVENTS),
    "prosecution_adapter": (topics.PROSECUTION,),
    "correctional_adapter": (topics.CORRECTIONAL,),
}


@dataclass
class Suite:
    bootstrap: str
    apps: dict[str, FastAPI]
    groups: dict[str, str]
    standins: StandIns

    def runtime(self, name: str) -> Runtime:
        runtime: Runtime = self.apps[name].state.runtime
        return runtime

    async def rows(self, name: str, sql: str, **params: Any) -> list[Any]:
        async with self.runtime(name).engine.connect() as connection:
            return list((await connection.execute(text(sql), params)).all())


@pytest_asyncio.fixture(scope="module")
async def suite(
    kafka_bootstrap: str,
    database_factory: DatabaseFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Suite]:
    jwks = ensure_dev_keypair(tmp_path_factory.mktemp("keys")).jwks
    smtp_port, prosecution_port, correctional_port = free_port(), free_port(), free_port()
    run = uuid4().hex[:8]
    groups = {name: f"dlq-test-{name}-{run}" for name in CONSUMERS_OF}

    def common(name: str) -> dict[str, Any]:
        return {
            "database_url": database_factory(f"dlq_{name}"),
            "kafka_bootstrap_servers": kafka_bootstrap,
            "consumer_group": groups[name],
            "auth_jwks_file": jwks,
            "outbox_poll_seconds": 0.2,
            **field_key_settings(),
        }

    builders: dict[str, Callable[[], FastAPI]] = {
        "referral": lambda: referral_app(
            ReferralSettings(**common("referral"), accept_synthetic_national_ids=True)
        ),
        "youth_plan": lambda: youth_plan_app(YouthPlanSettings(**common("youth_plan"))),
        "mediation": lambda: mediation_app(MediationSettings(**common("mediation"))),
        "notification": lambda: notification_app(
            NotificationSettings(**common("notification"), smtp_port=smtp_port)
        ),
        "prosecution_adapter": lambda: create_agency_adapter(
            ProsecutionAdapterSettings(
                **common("prosecution_adapter"),
                agency_endpoint=f"http://127.0.0.1:{prosecution_port}/inbox",
            )
        ),
        "correctional_adapter": lambda: create_agency_adapter(
            CorrectionalAdapterSettings(
                **common("correctional_adapter"),
                agency_endpoint=f"http://127.0.0.1:{correctional_port}/inbox",
            )
        ),
    }
    async with AsyncExitStack() as stack:
        standins = await stack.enter_async_context(
            running_standins(
                smtp_port=smtp_port,
                prosecution_port=prosecution_port,
                correctional_port=correctional_port,
            )
        )
        apps: dict[str, FastAPI] = {}
        for name, build in builders.items():
            await start_group_at(
                kafka_bootstrap,
                groups[name],
                await end_offsets(kafka_bootstrap, CONSUMERS_OF[name]),
            )
            apps[name] = build()
            await stack.enter_async_context(
                LifespanManager(apps[name], startup_timeout=60, shutdown_timeout=30)
            )
        yield Suite(kafka_bootstrap, apps, groups, standins)


# -- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    value: bytes
    headers: dict[str, str]

    @property
    def ce_id(self) -> str:
        return self.headers["ce_id"]


@dataclass(frozen=True)
class Poison(Message):
    reason: str = ""


def good(event: IntegrationEvent) -> Message:
    return Message(
        event.model_dump_json().encode(), cloud_event_headers(event.event_type, event.subject())
    )


def poison_for(
    known_type: str, invalid_json: bytes, wrong_schema: dict[str, Any], valid: bytes
) -> list[Poison]:
    """Invalid JSON and a broken contract under a type the consumers know; then a valid body
    under a type version nobody consumes."""
    subject = f"poison-{uuid4().hex[:8]}"
    unknown_type = known_type.removesuffix(".v1") + ".v2"
    return [
        Poison(invalid_json, cloud_event_headers(known_type, subject), "invalid_json"),
        Poison(
            json.dumps(wrong_schema).encode(),
            cloud_event_headers(known_type, subject),
            "schema_violation",
        ),
        Poison(valid, cloud_event_headers(unknown_type, subject), "unknown_type"),
    ]


def case_registered(case_id: str, reaction: agencies.Reaction) -> referral.CaseRegistered:
    return referral.CaseRegistered(
        case_id=case_id,
        sender_reference=f"POL-{uuid4().hex[:8]}",
        office=OFFICE,
        reaction=reaction,
        decision_basis=agencies.DecisionBasis.TRANSFER,
        offence_date=date(2026, 9, 1),
        execution_months=6,
        offender_is_minor=True,
        guardian_contacts=["verge@example.no"],
        registered_at=datetime.now(UTC),
    )


def breach_escalated(case_id: str, route: youth_plan.EscalationRoute) -> youth_plan.BreachEscalated:
    sentence = route is youth_plan.EscalationRoute.CORRECTIONAL_SERVICE
    return youth_plan.BreachEscalated(
        case_id=case_id,
        sender_reference=f"POL-{uuid4().hex[:8]}",
        office=OFFICE,
        reaction=agencies.Reaction.YOUTH_SENTENCE
        if sentence
        else agencies.Reaction.YOUTH_FOLLOW_UP,
        route=route,
        legal_basis="konfliktrådsloven §31 third para"
        if sentence
        else "konfliktrådsloven §33 third para",
        breaches=2,
        escalated_at=datetime.now(UTC),
    )


# -- one scenario per consumed topic -------------------------------------------------------------


Probe = Callable[[], Awaitable[Any]]


@dataclass
class Scenario:
    poison: list[Poison]
    good: list[Message]
    processed: dict[str, Probe] = field(default_factory=dict)  # what shows it, per consumer


async def referrals(suite: Suite) -> Scenario:
    reference = f"POL-{uuid4().hex[:8].upper()}"
    transfer = case_transferred(agencies.Reaction.MEDIATION, reference)
    with_personal_data = json.loads(transfer.model_dump_json())
    with_personal_data["offender"].update(national_id=NATIONAL_ID, name=NAME)
    with_personal_data["offender"]["guardians"][0]["email"] = EMAIL
    broken_json = json.dumps(with_personal_data).encode()[:-40]
    wrong_schema = {
        "sender_reference": reference,
        "offender": {"national_id": NATIONAL_ID, "name": NAME, "consents": f"{NAME} {NATIONAL_ID}"},
        "guardians": [{"name": NAME, "email": f"{NAME} <{EMAIL}>"}],
    }
    poison = poison_for(
        transfer.event_type, broken_json, wrong_schema, json.dumps(with_personal_data).encode()
    )

    async def registered() -> bool:
        rows = await suite.rows(
            "referral", "select status from cases where sender_reference = :r", r=reference
        )
        return [row.status for row in rows] == ["registered"]

    return Scenario(poison, [good(transfer)], {"referral": registered})


async def referral_events(suite: Suite) -> Scenario:
    youth_case, mediation_case = f"case-{uuid4()}", f"case-{uuid4()}"
    youth = case_registered(youth_case, agencies.Reaction.YOUTH_FOLLOW_UP)
    mediation = case_registered(mediation_case, agencies.Reaction.MEDIATION)
    poison = poison_for(
        youth.event_type,
        b'{"case_id": "' + youth_case.encode() + b'", "guardian_contacts": ["' + EMAIL.encode(),
        {"case_id": youth_case, "guardian_contacts": [NAME, EMAIL], "offender_is_minor": NAME},
        youth.model_dump_json().encode(),
    )

    async def youth_case_opened() -> bool:
        rows = await suite.rows(
            "youth_plan", "select 1 from youth_cases where case_id = :c", c=youth_case
        )
        return len(rows) == 1

    async def mediation_case_opened() -> bool:
        rows = await suite.rows(
            "mediation", "select 1 from mediation_cases where case_id = :c", c=mediation_case
        )
        return len(rows) == 1

    async def contacts_kept() -> bool:
        rows = await suite.rows(
            "notification",
            "select case_id from case_contacts where case_id in (:y, :m)",
            y=youth_case,
            m=mediation_case,
        )
        return len(rows) == 2

    return Scenario(
        poison,
        [good(youth), good(mediation)],
        {
            "youth_plan": youth_case_opened,
            "mediation": mediation_case_opened,
            "notification": contacts_kept,
        },
    )


async def youth_plan_events(suite: Suite) -> Scenario:
    case_id = f"case-{uuid4()}"
    # The guardian's address must be known for notification to write to them.
    async with Producer(suite.bootstrap) as producer:
        registration = good(case_registered(case_id, agencies.Reaction.YOUTH_FOLLOW_UP))
        await producer.send(
            topics.REFERRAL_EVENTS, registration.value, key=case_id, headers=registration.headers
        )

    async def contacts_known() -> bool:
        return bool(
            await suite.rows(
                "notification", "select 1 from case_contacts where case_id = :c", c=case_id
            )
        )

    await eventually_true(contacts_known, "notification to keep the guardian's address")
    escalated = breach_escalated(case_id, youth_plan.EscalationRoute.PROSECUTION)
    poison = poison_for(
        escalated.event_type,
        b'{"case_id": "' + case_id.encode() + b'", "route": "prosecution", ',
        {"case_id": case_id, "route": "to the moon", "breaches": "two"},
        escalated.model_dump_json().encode(),
    )

    async def guardian_written_to() -> bool:
        return any(case_id in str(letter["Subject"]) for letter in suite.standins.mail.messages)

    return Scenario(poison, [good(escalated)], {"notification": guardian_written_to})


async def vetting_events(suite: Suite) -> Scenario:
    today = date.today()
    appointed = vetting.MediatorAppointed(
        mediator_id=f"mediator-{uuid4()}",
        office=OFFICE,
        municipality="0301",
        term_starts=today,
        term_ends=today.replace(year=today.year + 4),
        appointed_at=datetime.now(UTC),
    )
    poison = poison_for(
        appointed.event_type,
        b'{"mediator_id": "' + appointed.mediator_id.encode() + b'", "office": ',
        {"mediator_id": appointed.mediator_id, "term_ends": "in four years"},
        appointed.model_dump_json().encode(),
    )

    async def on_roster() -> bool:
        rows = await suite.rows(
            "mediation", "select 1 from roster where mediator_id = :m", m=appointed.mediator_id
        )
        return len(rows) == 1

    return Scenario(poison, [good(appointed)], {"mediation": on_roster})


def agency_topic(
    adapter: str, route: youth_plan.EscalationRoute
) -> Callable[[Suite], Awaitable[Scenario]]:
    async def scenario(suite: Suite) -> Scenario:
        escalated = breach_escalated(f"case-{uuid4()}", route)
        poison = poison_for(
            escalated.event_type,
            b'{"case_id": "' + escalated.case_id.encode() + b'"',
            {"case_id": escalated.case_id, "breaches": -1, "escalated_at": "yesterday"},
            escalated.model_dump_json().encode(),
        )
        message = good(escalated)
        inbox = (
            suite.standins.prosecution
            if route is youth_plan.EscalationRoute.PROSECUTION
            else suite.standins.correctional
        )

        async def delivered() -> bool:
            return any(d.event_id == message.ce_id for d in inbox.deliveries)

        return Scenario(poison, [message], {adapter: delivered})

    return scenario


# dlq_consumer is the TopicConsumer's name; the apps above are keyed by service name.
DLQ_CONSUMER = {
    "referral": "referral",
    "youth_plan": "youth_plan",
    "mediation": "mediation",
    "notification": "notification",
    "prosecution_adapter": "prosecution_adapter",
    "correctional_adapter": "correctional_service_adapter",
}

SCENARIOS: dict[str, Callable[[Suite], Awaitable[Scenario]]] = {
    topics.REFERRALS: referrals,
    topics.REFERRAL_EVENTS: referral_events,
    topics.YOUTH_PLAN_EVENTS: youth_plan_events,
    topics.VETTING_EVENTS: vetting_events,
    topics.PROSECUTION: agency_topic("prosecution_adapter", youth_plan.EscalationRoute.PROSECUTION),
    topics.CORRECTIONAL: agency_topic(
        "correctional_adapter", youth_plan.EscalationRoute.CORRECTIONAL_SERVICE
    ),
}


def test_every_consumed_topic_has_a_scenario() -> None:
    """The table above is what the services declare they consume."""
    from mediation.entrypoints import consumers as mediation
    from notification.entrypoints import agency_consumers
    from notification.entrypoints import consumers as notification
    from referral.entrypoints import consumers as referral_service
    from vetting.entrypoints import consumers as vetting_service
    from youth_plan.entrypoints import consumers as youth_plan_service

    declared = {
        "referral": referral_service.CONSUMES,
        "youth_plan": youth_plan_service.CONSUMES,
        "mediation": mediation.CONSUMES,
        "notification": notification.CONSUMES,
        "prosecution_adapter": (agency_consumers.TOPIC_OF_AGENCY[Agency.PROSECUTION],),
        "correctional_adapter": (agency_consumers.TOPIC_OF_AGENCY[Agency.CORRECTIONAL_SERVICE],),
    }
    assert vetting_service.CONSUMES == ()
    assert {app: set(consumed) for app, consumed in declared.items()} == {
        app: set(consumed) for app, consumed in CONSUMERS_OF.items()
    }
    assert set(SCENARIOS) == {topic for consumed in CONSUMERS_OF.values() for topic in consumed}


def _consumers_of(topic: str) -> list[str]:
    return [app for app, app_topics in CONSUMERS_OF.items() if topic in app_topics]


@pytest.mark.parametrize("topic", list(SCENARIOS))
async def test_poison_goes_to_the_dead_letter_topic_and_the_next_message_is_processed(
    topic: str, suite: Suite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    dlq = dead_letter_topic(topic)
    dlq_since = await end_offsets(suite.bootstrap, [dlq])
    scenario = await SCENARIOS[topic](suite)
    key = f"dlq-test-{uuid4().hex[:12]}"  # one key: poison and good message share a partition

    async with Producer(suite.bootstrap) as producer:
        placed = [
            (poison, await producer.send(topic, poison.value, key=key, headers=poison.headers))
            for poison in scenario.poison
        ]
        last_good = None
        for message in scenario.good:
            last_good = await producer.send(topic, message.value, key=key, headers=message.headers)
    assert last_good is not None
    partitions = {metadata.partition for _, metadata in placed} | {last_good.partition}
    assert len(partitions) == 1

    for app, processed in scenario.processed.items():
        await eventually_true(processed, f"{app} to process the good message on {topic}")

    async def past_the_good_message(app: str) -> bool:
        committed = await committed_offsets(suite.bootstrap, suite.groups[app])
        return any(
            tp.topic == topic and tp.partition == last_good.partition and offset > last_good.offset
            for tp, offset in committed.items()
        )

    for app in _consumers_of(topic):
        await eventually_true(
            lambda app=app: past_the_good_message(app), f"{app} to commit past the good message"
        )

    dead_letters = await records_since(suite.bootstrap, dlq_since)
    for app in _consumers_of(topic):
        consumer = DLQ_CONSUMER[app]
        for poison, metadata in placed:
            copies = [
                record
                for record in dead_letters
                if headers_of(record).get("ce_id") == poison.ce_id
                and headers_of(record).get("dlq_consumer") == consumer
            ]
            # At least one: a suite running beside the tests under the same consumer names
            # may dead-letter the same message too; every copy must be exact.
            assert copies, f"{consumer} did not dead-letter the {poison.reason} message on {topic}"
            for record in copies:
                headers = headers_of(record)
                assert record.value == poison.value
                assert record.key == key.encode()
                assert headers["dlq_reason"] == poison.reason
                assert headers["dlq_original_topic"] == topic
                assert headers["dlq_original_partition"] == str(metadata.partition)
                assert headers["dlq_original_offset"] == str(metadata.offset)
                assert {name: headers[name] for name in poison.headers} == poison.headers
                assert headers["dlq_error"]
                for personal in PERSONAL_DATA:
                    assert personal not in headers["dlq_error"]

    for personal in PERSONAL_DATA:
        assert personal not in caplog.text, "personal data in the logs"
