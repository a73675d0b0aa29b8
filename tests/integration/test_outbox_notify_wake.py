"""The relay wakes on PostgreSQL NOTIFY when another instance commits outbox rows, instead of
waiting for its next poll."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.db import (
    create_engine,
    define_plumbing_tables,
    new_metadata,
    session_factory,
)
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.outbox_relay import OutboxMessage, OutboxRelay
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork

pytestmark = pytest.mark.integration

POLL_SECONDS = 30.0  # far longer than the test waits: only a NOTIFY can wake the relay in time


class Happened(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktraadet.test.happened.v1"
    case_id: str

    def subject(self) -> str:
        return self.case_id


@dataclass
class Case:
    events: list[Any] = field(default_factory=list)


class CaseUnitOfWork(SqlAlchemyUnitOfWork):
    cases: list[Case]

    def _open_repositories(self, session: AsyncSession) -> None:
        self.cases = []

    def seen(self) -> Iterable[Aggregate]:
        return self.cases


class Recording:
    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self.messages: list[OutboxMessage] = []

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        self.messages.extend(messages)
        self.arrived.set()


async def test_relay_wakes_on_notify_from_another_instance(fresh_database: str) -> None:
    metadata = new_metadata()
    tables = define_plumbing_tables(metadata)
    relay_engine, writer_engine = create_engine(fresh_database), create_engine(fresh_database)
    async with writer_engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    recording = Recording()
    relay = OutboxRelay(
        engine=relay_engine,
        outbox=tables.outbox,
        publisher=recording,
        clock=SystemClock(),
        poll_seconds=POLL_SECONDS,
    )
    running = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(2.0)  # the relay's first pass is done and its LISTEN is in place
        unit_of_work = CaseUnitOfWork(
            session_factory(writer_engine),
            tables=tables,
            source="urn:test",
            outbound=lambda event: (OutgoingEvent("t", Happened(case_id="case-1")),),
            clock=SystemClock(),
        )  # no on_outbox_commit: this is another instance, only the database can tell
        async with unit_of_work:
            unit_of_work.cases.append(Case(events=["something happened"]))
            committed = time.monotonic()
            await unit_of_work.commit()
        await asyncio.wait_for(recording.arrived.wait(), timeout=5.0)
        woke_after = time.monotonic() - committed
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await relay_engine.dispose()
        await writer_engine.dispose()

    assert [m.key for m in recording.messages] == ["case-1"]
    assert woke_after < 5.0 < POLL_SECONDS
