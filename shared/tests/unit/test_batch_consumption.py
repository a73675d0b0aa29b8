"""A batch of consumed messages in one transaction, and one message at a time when it fails.

On a real SQLite database, through the suite's unit of work, bus and the assembler's consumer
(`batch_notes`); only the broker is a fake, which records the dead letters."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aiokafka import TopicPartition
from batch_notes import TOPIC, Notes, notes_service, poison, record
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.audit_chain import verify_table

PARTITION = TopicPartition(TOPIC, 0)


@pytest.fixture
async def notes(tmp_path: Path) -> Notes:
    return await notes_service(f"sqlite+aiosqlite:///{tmp_path / 'notes.sqlite3'}")


async def test_a_batch_commits_once_in_offset_order(notes: Notes) -> None:
    positions = await notes.batch.handle([record(n) for n in range(50)])

    assert notes.commits == 1
    assert await notes.recorded() == list(range(50))
    assert await notes.outbox_order() == list(range(50)), "outbox ids in the handlers' order"
    assert await notes.count(notes.tables.inbox) == 50
    assert await notes.count(notes.tables.audit) == 50, "one audit entry per command"
    async with AsyncSession(notes.engine) as session:
        assert (await verify_table(session, notes.tables.audit)).intact, "linked in order"
    assert notes.reacted == list(range(50)), "every message's events reach their handlers"
    assert positions == {PARTITION: 50}


async def test_a_batch_claims_its_inbox_rows_and_writes_its_new_rows_in_one_statement_each(
    notes: Notes,
) -> None:
    statements: list[str] = []

    def executed(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(notes.engine.sync_engine, "before_cursor_execute", executed)
    await notes.batch.handle([record(n) for n in range(50)])

    inserts = Counter(s.split()[2] for s in statements if s.startswith("INSERT INTO"))
    assert inserts[notes.tables.inbox.name] == 1, "the batch's inbox rows in one statement"
    assert inserts[notes.notes.name] == 1, "the rows handed to the batch in one statement"
    assert await notes.recorded() == list(range(50)), "in the handlers' order"
    assert await notes.count(notes.tables.inbox) == 50


async def test_a_failing_message_falls_back_to_one_at_a_time_and_the_others_commit(
    notes: Notes,
) -> None:
    notes.failing = {2}
    batch = [record(n) for n in range(5)]

    positions = await notes.batch.handle(batch)

    assert await notes.recorded() == [0, 1], "the partition is held at the failing message"
    assert positions == {PARTITION: 2}, "to be delivered again from the failing message"
    positions = await notes.batch.handle(batch[2:])  # the redelivery, alone: the bound is 2
    assert await notes.recorded() == [0, 1, 3, 4]
    assert positions == {PARTITION: 5}
    assert notes.dead_reasons() == [("2", "handler_error")]
    assert "LedgerOutOfStep after 2 attempts" in notes.dead[0][1]["dlq_error"]
    assert await notes.count(notes.tables.audit) == 4
    assert notes.reacted == [0, 1, 3, 4]


async def test_a_refusal_is_dead_lettered_with_its_provision_and_the_others_commit(
    notes: Notes,
) -> None:
    notes.refused = {1}

    positions = await notes.batch.handle([record(n) for n in range(4)])

    assert await notes.recorded() == [0, 2, 3]
    assert positions == {PARTITION: 4}
    assert notes.dead_reasons() == [("1", "rule_violation")]
    assert "konfliktrådsloven §8" in notes.dead[0][1]["dlq_error"]


async def test_poison_is_dead_lettered_and_the_batch_still_commits_once(notes: Notes) -> None:
    batch = [record(0), poison(1), record(2, offset=2)]

    positions = await notes.batch.handle(batch)

    assert notes.commits == 1
    assert await notes.recorded() == [0, 2]
    assert notes.dead_reasons() == [("1", "invalid_json")]
    assert positions == {PARTITION: 3}


async def test_a_duplicate_within_and_across_batches_is_skipped(notes: Notes) -> None:
    twice = record(1, event_id="same-event")
    await notes.batch.handle([record(0), twice, record(1, offset=2, event_id="same-event")])
    await notes.batch.handle([record(1, offset=3, event_id="same-event"), record(4)])

    assert await notes.recorded() == [0, 1, 4]
    assert notes.commits == 2, "a duplicate does not fail its batch"
    assert notes.dead == []


async def test_a_held_partition_does_not_hold_the_others(notes: Notes) -> None:
    notes.failing = {1}
    batch = [
        record(0, partition=0),
        record(1, partition=0),
        record(2, partition=0),
        record(10, offset=0, partition=1),
        record(11, offset=1, partition=1),
    ]

    positions = await notes.batch.handle(batch)

    assert sorted(await notes.recorded()) == [0, 10, 11]
    assert positions == {PARTITION: 1, TopicPartition(TOPIC, 1): 2}


async def test_a_unit_of_work_left_without_a_commit_writes_nothing_as_alone(
    notes: Notes,
) -> None:
    notes.left_uncommitted = {1}

    positions = await notes.batch.handle([record(n) for n in range(3)])

    assert await notes.recorded() == [0, 2]
    assert await notes.count(notes.tables.inbox) == 2, "alone, its inbox row rolls back too"
    assert positions == {PARTITION: 3}
