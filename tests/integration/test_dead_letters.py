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

The apps under test are set up in dead_letter_apps.py, the messages in dead_letter_messages.py
and the scenario per topic in dead_letter_cases.py; this file holds what is asserted.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
import pytest_asyncio
from dead_letter_apps import CONSUMERS_OF, DLQ_CONSUMER, Suite, running_consumers
from dead_letter_cases import SCENARIOS
from dead_letter_messages import PERSONAL_DATA
from fixtures.bus import Bus, writer_of
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    Producer,
    committed_offsets,
    end_offsets,
    eventually_true,
    headers_of,
    records_since,
)

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.topics import dead_letter_topic
from notification.domain.vocabulary import Agency

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


@pytest_asyncio.fixture(scope="module")
async def suite(
    bus: Bus,
    database_factory: DatabaseFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Suite]:
    async with running_consumers(bus, database_factory, tmp_path_factory.mktemp("keys")) as suite:
        yield suite


def test_every_consumed_topic_has_a_scenario() -> None:
    """CONSUMERS_OF is what the services declare they consume."""
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


# Referral reads one type on youth_plan.events.v1 (the end date youth_plan set) and skips
# every other youth_plan type unread, as it should: the scenario's broken bodies are under a
# type notification reads, so only the unknown type is referral's to dead-letter.
UNREAD_BY_DESIGN = {
    ("referral", topics.YOUTH_PLAN_EVENTS, "invalid_json"),
    ("referral", topics.YOUTH_PLAN_EVENTS, "schema_violation"),
}


def _consumers_of(topic: str) -> list[str]:
    return [app for app, app_topics in CONSUMERS_OF.items() if topic in app_topics]


@pytest.mark.parametrize("topic", list(SCENARIOS))
async def test_poison_goes_to_the_dead_letter_topic_and_the_next_message_is_processed(
    topic: str, suite: Suite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    dlq = dead_letter_topic(topic)
    dlq_since = await end_offsets(suite.bus.operator, [dlq])
    scenario = await SCENARIOS[topic](suite)
    key = f"dlq-test-{uuid4().hex[:12]}"  # one key: poison and good message share a partition

    # As the principal that writes the topic: a sender on its own, a service on its events.
    async with Producer(suite.bus.access(writer_of(topic))) as producer:
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
        committed = await committed_offsets(suite.bus.operator, suite.groups[app])
        return any(
            tp.topic == topic and tp.partition == last_good.partition and offset > last_good.offset
            for tp, offset in committed.items()
        )

    for app in _consumers_of(topic):
        await eventually_true(
            lambda app=app: past_the_good_message(app), f"{app} to commit past the good message"
        )

    dead_letters = await records_since(suite.bus.operator, dlq_since)
    for app in _consumers_of(topic):
        consumer = DLQ_CONSUMER[app]
        for poison, metadata in placed:
            if (app, topic, poison.reason) in UNREAD_BY_DESIGN:
                continue
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
