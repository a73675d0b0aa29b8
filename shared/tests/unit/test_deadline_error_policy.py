"""The deadline ticker's one error policy, on a real SQLite database: what can never change
is marked fired (a duplicate, a vanished aggregate, a refusal of the law, logged with its
provision), anything else waits for the next poll, and one stuck row blocks no other."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.db import (
    PlumbingTables,
)
from konfliktrad_shared.deadlines import DeadlineTicker, DueDeadline, firing, schedule
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.refusal import NotFound, RuleViolation

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
OUTCOMES: dict[str, Exception | None] = {
    "duplicate": DuplicateDelivery(),
    "vanished": NotFound(),
    "refused": RuleViolation(legal_basis="§ 1", reason="the law says no"),
    "database_away": ConnectionError("down"),
    "fine": None,
}


async def test_final_outcomes_are_marked_fired_and_others_wait_for_the_next_poll(
    database: tuple[AsyncEngine, PlumbingTables], caplog: pytest.LogCaptureFixture
) -> None:
    engine, tables = database
    async with AsyncSession(engine) as session:
        for aggregate_id in OUTCOMES:
            await schedule(
                session, tables.deadlines, kind="k", aggregate_id=aggregate_id, due_at=NOW
            )
        await session.commit()
    handled: list[str] = []

    async def handle(command: str, _delivery: Delivery) -> None:
        handled.append(command)
        outcome = OUTCOMES[command]
        if outcome is not None:
            raise outcome

    fire = firing(handle, {"k": lambda deadline: deadline.aggregate_id}, "test.deadlines")
    ticker = DeadlineTicker(
        engine=engine, deadlines=tables.deadlines, clock=FrozenClock(NOW), fire=fire
    )

    with caplog.at_level(logging.INFO):
        assert await ticker.fire_due() == 4
    assert sorted(handled) == sorted(OUTCOMES)
    async with engine.connect() as connection:
        waiting = (
            (
                await connection.execute(
                    select(tables.deadlines.c.aggregate_id).where(
                        tables.deadlines.c.fired_at.is_(None)
                    )
                )
            )
            .scalars()
            .all()
        )
    assert waiting == ["database_away"]
    assert any("§ 1: the law says no" in record.getMessage() for record in caplog.records)

    handled.clear()
    assert await ticker.fire_due() == 0
    assert handled == ["database_away"], "retried at the next poll, alone"


async def test_a_deadline_kind_no_longer_declared_is_logged_and_done() -> None:
    async def handle(_command: object, _delivery: Delivery) -> None:
        raise AssertionError("nothing to handle")

    fire = firing(handle, {}, "test.deadlines")
    assert await fire(DueDeadline("d-1", "gone", "a-1", NOW, {})) is None
