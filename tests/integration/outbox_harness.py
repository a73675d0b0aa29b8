"""A real outbox for the reliability tests that break the broker or race the writers.

Rows are written by the suite's own `SqlAlchemyUnitOfWork` (the insert, the NOTIFY and the
commit of `commit()`), on a fresh PostgreSQL database with the plumbing tables every service
carries, and drained by the real `OutboxRelay` through the real `KafkaOutboxPublisher` on a
`create_broker` producer (acks=all, idempotence). The events are numbered, so a test can name
exactly which ones it lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.db import (
    PlumbingTables,
    create_engine,
    define_plumbing_tables,
    new_metadata,
)
from konfliktrad_shared.kafka_access import KafkaAccess
from konfliktrad_shared.messaging import KafkaOutboxPublisher, create_broker
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.outbox_relay import (
    OutboxMessage,
    OutboxRelay,
    Outcome,
    Publisher,
    publish_each,
)
from konfliktrad_shared.telemetry import setup_telemetry
from konfliktrad_shared.uow import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)


class Numbered(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktradet.test.numbered.v1"

    case_id: str
    number: int

    def subject(self) -> str:
        return self.case_id


class HeldCommitSession(AsyncSession):
    """Waits `info["hold_seconds"]` between the transaction's last statement and its COMMIT
    (a slow request, a GC pause), and notes in `info["commit_sent"]` when the COMMIT went out:
    the transaction's rows cannot have been visible to anybody before that moment."""

    async def commit(self) -> None:
        hold = self.info.pop("hold_seconds", 0.0)
        if hold:
            await asyncio.sleep(hold)
        self.info["commit_sent"] = time.monotonic()
        await super().commit()


class _Events:
    """The aggregate stand-in: whatever it holds, the unit of work turns into outbox rows."""

    def __init__(self) -> None:
        self.events: list[Any] = []


class NumberedUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tables: PlumbingTables,
        topic: str,
        on_outbox_commit: Callable[[], None],
    ) -> None:
        super().__init__(
            sessions,
            tables=tables,
            source="urn:konfliktrad:reliability-test",
            outbound=lambda event: [OutgoingEvent(topic, event)],
            clock=SystemClock(),
            on_outbox_commit=on_outbox_commit,
        )
        self.case = _Events()

    def _open_repositories(self, session: AsyncSession) -> None:
        pass

    def seen(self) -> Iterable[_Events]:
        return [self.case]


@dataclass(frozen=True)
class OutboxRow:
    id: int
    event_id: str
    case_id: str
    number: int
    published_at: datetime | None


@dataclass
class Outbox:
    url: str
    engine: AsyncEngine
    tables: PlumbingTables
    topic: str
    on_outbox_commit: Callable[[], None] = lambda: None
    sessions: async_sessionmaker[AsyncSession] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = async_sessionmaker(
            self.engine, class_=HeldCommitSession, expire_on_commit=False
        )

    async def write(
        self,
        case_id: str,
        numbers: Sequence[int],
        *,
        hold_seconds: float = 0.0,
        lock_case: bool = False,
    ) -> float:
        """One business transaction writing `numbers` for `case_id`; returns when its COMMIT
        was sent (time.monotonic).

        `lock_case` takes a transaction-scoped lock on the case first, as loading an aggregate
        FOR UPDATE does: writers of one case then commit in the order they inserted.
        """
        async with NumberedUnitOfWork(
            self.sessions,
            tables=self.tables,
            topic=self.topic,
            on_outbox_commit=self.on_outbox_commit,
        ) as uow:
            if lock_case:
                await uow.session.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:case_id))"), {"case_id": case_id}
                )
            uow.case.events.extend(Numbered(case_id=case_id, number=n) for n in numbers)
            uow.session.info["hold_seconds"] = hold_seconds
            await uow.commit()
            sent: float = uow.session.info["commit_sent"]
            return sent

    async def rows(self) -> list[OutboxRow]:
        outbox = self.tables.outbox
        async with self.engine.connect() as connection:
            result = await connection.execute(
                select(
                    outbox.c.id,
                    outbox.c.event_id,
                    outbox.c.message_key,
                    outbox.c.payload,
                    outbox.c.published_at,
                ).order_by(outbox.c.id)
            )
            return [
                OutboxRow(
                    id=row.id,
                    event_id=row.event_id,
                    case_id=row.message_key,
                    number=json.loads(row.payload)["number"],
                    published_at=row.published_at,
                )
                for row in result
            ]


@asynccontextmanager
async def outbox_on(database_url: str, topic: str) -> AsyncIterator[Outbox]:
    """The plumbing tables on the (fresh) database at `database_url`."""
    engine = create_engine(database_url)
    metadata = new_metadata()
    tables = define_plumbing_tables(metadata)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    try:
        yield Outbox(url=database_url, engine=engine, tables=tables, topic=topic)
    finally:
        await engine.dispose()


class AckRecorder:
    """The relay's publisher, noting what the broker acknowledged and when: `publish_all`
    returning is the acknowledgement (acks=all) the relay marks rows sent on."""

    def __init__(self, kafka: Publisher) -> None:
        self._kafka = kafka
        self.acked: dict[str, float] = {}
        self.acknowledged = 0
        self.failures = 0

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        try:
            await self._kafka.publish_all(messages)
        except Exception:
            self.failures += 1
            raise
        now = time.monotonic()
        for message in messages:
            self.acked.setdefault(message.headers["ce_id"], now)
        self.acknowledged += len(messages)

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        """Per row, as the relay asks the real publisher: only rows acknowledged are noted."""
        outcomes = await publish_each(self._kafka, messages)
        now = time.monotonic()
        for message, outcome in zip(messages, outcomes, strict=True):
            if outcome is None:
                self.acked.setdefault(message.headers["ce_id"], now)
                self.acknowledged += 1
            else:
                self.failures += 1
        return outcomes


@asynccontextmanager
async def running_relay(
    outbox: Outbox,
    access: KafkaAccess,
    *,
    name: str,
    poll_seconds: float = 0.2,
    **relay_options: Any,
) -> AsyncIterator[AckRecorder]:
    """One relay instance as a service runs it: its own engine, producer and `run()` loop.
    The topics are the test's own, so it publishes as `admin` (`access`): no principal of
    the table may write them."""
    client_id = f"reliability-{name}"
    broker = create_broker(access, client_id=client_id, telemetry=setup_telemetry(client_id, None))
    await broker.start()
    engine = create_engine(outbox.url)
    recorder = AckRecorder(KafkaOutboxPublisher(broker))
    relay = OutboxRelay(
        engine=engine,
        outbox=outbox.tables.outbox,
        publisher=recorder,
        clock=SystemClock(),
        poll_seconds=poll_seconds,
        **relay_options,
    )
    task = asyncio.create_task(relay.run(), name=f"relay-{name}")
    try:
        yield recorder
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        # A producer whose brokers are gone may wait for them on stop; a failed test must
        # still end.
        try:
            await asyncio.wait_for(broker.stop(), timeout=15)
        except TimeoutError:
            log.warning("relay %s: producer did not stop within 15 s", name)
        await engine.dispose()


@dataclass(frozen=True)
class Consumed:
    """What a topic holds, per `ce_id`."""

    records: list[Any]

    @property
    def ce_ids(self) -> list[str]:
        return [_ce_id(record) for record in self.records]

    def duplicates(self) -> int:
        return len(self.records) - len(set(self.ce_ids))

    def ce_ids_by_key(self) -> dict[str, list[str]]:
        """Per message key, the `ce_id`s in the order the topic holds them (one key is one
        partition, so partition offset order)."""
        by_key: dict[str, list[str]] = {}
        for record in sorted(self.records, key=lambda r: (r.partition, r.offset)):
            by_key.setdefault(record.key.decode(), []).append(_ce_id(record))
        return by_key


def _ce_id(record: Any) -> str:
    for name, value in record.headers or ():
        if name == "ce_id":
            return str(value.decode())
    raise AssertionError(f"record at {record.partition}@{record.offset} has no ce_id")
