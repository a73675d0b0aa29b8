"""One outbox row the broker refuses for good does not stop the other cases.

1,000 rows over 50 cases, written by the real unit of work on PostgreSQL and drained by the
real relay and Kafka publisher; one row is larger than its topic's `max.message.bytes`, so
the broker refuses it on every try. The other 49 cases' rows are all on the topic exactly
once and in order (counted with a consumer: nothing acknowledged was sent again because a
neighbour in its batch failed); the poisoned case's later rows wait behind it, in order;
the operator's `outbox status` shows the parked row with the broker's error; once the topic
takes larger messages, `outbox retry` lets it go and the case's rows follow, in order.

The neighbours on the poisoned row's partition are the sharp part: the idempotent producer
numbered the refused batch, the broker did not, and without a new producer id every later
batch to that partition is refused as out of order (code 45) and charged to innocent rows.
"""

from __future__ import annotations

import asyncio
import json
from uuid import uuid4

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from click.testing import CliRunner, Result
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import create_topic, eventually_true, topic_records
from konfliktrad_operator.cli import cli
from outbox_harness import Consumed, Outbox, outbox_on, running_relay
from sqlalchemy import update

from konfliktrad_shared.kafka_access import KafkaAccess
from konfliktrad_shared.outbox_status import outbox_status

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(240)]

CASES = 50
ROWS_PER_CASE = 20
POISONED_CASE = "case-07"
POISONED_NUMBER = 10
TOPIC_LIMIT = 20_000


async def allow_larger_messages(admin_access: KafkaAccess, topic: str) -> None:
    admin = AIOKafkaAdminClient(**admin_access.aiokafka_options())
    await admin.start()
    try:
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, {"max.message.bytes": "1048576"})]
        )
    finally:
        await admin.close()


async def operator_says(database_url: str, *command: str) -> str:
    """One `konfliktrad-operator outbox ...` command on the test's database, as an operator
    runs it against production (no local guesses); in a thread, as it runs its own loop."""
    runner = CliRunner(env={"OPERATOR_PROFILE": "cluster", "COLUMNS": "400"})
    args = ["outbox", *command, "--database-url", database_url]
    result: Result = await asyncio.to_thread(runner.invoke, cli, args)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


async def write_cases(outbox: Outbox) -> None:
    """Interleaved, as cases are worked on side by side: each transaction a few events."""
    for first in range(0, ROWS_PER_CASE, 5):
        for case in range(CASES):
            await outbox.write(f"case-{case:02d}", list(range(first, first + 5)))


async def poison(outbox: Outbox) -> int:
    """Makes one row too large for its topic; returns its id."""
    [row] = [
        r for r in await outbox.rows() if r.case_id == POISONED_CASE and r.number == POISONED_NUMBER
    ]
    payload = json.dumps({"case_id": POISONED_CASE, "number": POISONED_NUMBER, "pad": "x" * 40_000})
    async with outbox.engine.begin() as connection:
        await connection.execute(
            update(outbox.tables.outbox)
            .where(outbox.tables.outbox.c.id == row.id)
            .values(payload=payload)
        )
    return row.id


async def test_a_row_the_broker_refuses_is_parked_and_holds_only_its_own_case(
    bus: Bus, database_factory: DatabaseFactory
) -> None:
    topic = f"reliability.poisoned-row.{uuid4().hex[:8]}"
    await create_topic(
        bus.admin,
        topic,
        partitions=3,
        replication_factor=1,
        configs={"max.message.bytes": str(TOPIC_LIMIT)},
    )
    async with outbox_on(database_factory("outbox_poisoned_row"), topic) as outbox:
        await write_cases(outbox)
        poisoned_id = await poison(outbox)
        held = ROWS_PER_CASE - POISONED_NUMBER
        async with running_relay(
            outbox,
            bus.admin,
            name="poisoned-row",
            max_attempts=3,
            first_backoff_seconds=0.2,
            max_backoff_seconds=0.5,
        ) as relay:

            async def parked_and_the_rest_sent() -> bool:
                rows = await outbox.rows()
                unsent = [r for r in rows if r.published_at is None]
                status = await outbox_status(outbox.engine, outbox.tables)
                return len(unsent) == held and len(status.parked) == 1

            await eventually_true(parked_and_the_rest_sent, "the rest sent, one row parked", 120)
            status = await outbox_status(outbox.engine, outbox.tables)
            [parked] = status.parked
            assert parked.id == poisoned_id and parked.attempts == 3
            assert parked.last_error is not None
            assert parked.last_error.startswith("MessageSizeTooLargeError"), parked.last_error
            assert "x" * 20 not in parked.last_error, "no content in the error"
            assert status.backlog == held
            shown = await operator_says(outbox.url, "status", "poisoned_row")
            assert f"backlog {held}," in shown and "parked 1" in shown, shown
            [line] = [line for line in shown.splitlines() if f" {poisoned_id} " in line]
            assert topic in line and " 3 " in line and "MessageSizeTooLargeError" in line, line
            assert "x" * 20 not in shown, "no content shown"

            rows = await outbox.rows()
            waiting = [r.number for r in rows if r.published_at is None]
            assert waiting == list(range(POISONED_NUMBER, ROWS_PER_CASE)), "held, in order"
            consumed = Consumed(await topic_records(bus.admin, topic))
            assert consumed.duplicates() == 0, "nothing acknowledged was sent again"
            assert len(consumed.records) == CASES * ROWS_PER_CASE - held
            assert relay.acknowledged == len(consumed.records)
            by_case = consumed.ce_ids_by_key()
            ids = {(r.case_id, r.number): r.event_id for r in rows}
            for case in range(CASES):
                key = f"case-{case:02d}"
                sent = ROWS_PER_CASE if key != POISONED_CASE else POISONED_NUMBER
                assert by_case[key] == [ids[key, n] for n in range(sent)], key

            await allow_larger_messages(bus.admin, topic)
            released = await operator_says(outbox.url, "retry", "poisoned_row", str(poisoned_id))
            assert f"outbox row {poisoned_id} released" in released, released

            async def drained() -> bool:
                return all(r.published_at is not None for r in await outbox.rows())

            await eventually_true(drained, "the released case to follow", 60)

        consumed = Consumed(await topic_records(bus.admin, topic))
        assert consumed.duplicates() == 0
        assert len(consumed.records) == CASES * ROWS_PER_CASE
        assert consumed.ce_ids_by_key()[POISONED_CASE] == [
            ids[POISONED_CASE, n] for n in range(ROWS_PER_CASE)
        ], "released, then in order"
        assert (await outbox_status(outbox.engine, outbox.tables)).backlog == 0
        shown = await operator_says(outbox.url, "status", "poisoned_row")
        assert "backlog 0," in shown and "parked 0" in shown, shown
