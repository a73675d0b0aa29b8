"""A small service for the batch tests: notes recorded from consumed messages through the
suite's own unit of work, bus and assembler's consumer, on a real database — SQLite in the
unit tests (`shared/tests/unit/test_batch_consumption.py`, records handed to `batch`, dead
letters to `publish`), PostgreSQL and the real broker in the integration test
(`tests/integration/test_consumer_batches.py`, through `consumer(broker, topic)`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import uuid4

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker
from sqlalchemy import Column, Integer, String, Table, event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from konfliktrad_shared.assembly import Consumed, topic_consumer
from konfliktrad_shared.audit_chain import Verdict, verify_table
from konfliktrad_shared.batch_consumption import BatchOfMessages
from konfliktrad_shared.batch_scope import batch_scope
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.consumer_retries import HandlerRetries
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.db import (
    PlumbingTables,
    create_engine,
    define_plumbing_tables,
    new_metadata,
    session_factory,
)
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import OneAtATime, TopicConsumer
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.refusal import RuleViolation
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork

TOPIC = "notes.v1"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


class Noted(IntegrationEvent):
    event_type: ClassVar[str] = "no.konfliktradet.test.batch-noted.v1"

    case_id: str
    n: int

    def subject(self) -> str:
        return self.case_id


@dataclass(frozen=True)
class RecordNote:
    case_id: str
    n: int


@dataclass(frozen=True)
class NoteRecorded:
    case_id: str
    n: int


@dataclass
class Note:
    case_id: str
    n: int
    events: list[Any] = field(default_factory=list)


class LedgerOutOfStep(Exception):
    """A bug's kind of error: neither a rule violation nor an outage."""


class NotesUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, *args: Any, notes: Table, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._notes = notes

    def _open_repositories(self, session: AsyncSession) -> None:
        self.seen_notes: list[Note] = []

    def seen(self) -> Iterable[Aggregate]:
        return self.seen_notes

    async def add(self, note: Note) -> None:
        row = {"case_id": note.case_id, "n": note.n}
        if (batch := batch_scope(self.session)) is not None:
            batch.insert(self._notes, row)  # written with the batch
        else:
            await self.session.execute(insert(self._notes), row)
        self.seen_notes.append(note)


class Notes:
    """The service: its database, bus, consumer, and what its handlers saw."""

    def __init__(self, engine: AsyncEngine, tables: PlumbingTables, notes: Table) -> None:
        self.engine = engine
        self.tables = tables
        self.notes = notes
        self.failing: set[int] = set()
        self.refused: set[int] = set()
        self.left_uncommitted: set[int] = set()
        self.tried: list[int] = []
        self.reacted: list[int] = []
        self.dead: list[tuple[bytes, dict[str, str]]] = []
        self.commits = 0  # database commits
        self.batch_sizes: list[int] = []
        event.listen(engine.sync_engine, "commit", self._count)
        sessions = session_factory(engine)

        def unit_of_work(delivery: Delivery | None) -> SqlAlchemyUnitOfWork:
            return NotesUnitOfWork(
                sessions,
                tables=tables,
                source="urn:test:notes",
                outbound=_outbound,
                clock=FrozenClock(NOW),
                delivery=delivery,
                notes=notes,
            )

        self.bus = MessageBus(
            uow_factory=unit_of_work,
            command_handlers={RecordNote: self._record},
            event_handlers={NoteRecorded: [self._react]},
        )
        unit_consumer = self.consumer()
        self.one = OneAtATime(
            unit_consumer,
            retry_backoff_seconds=0,
            retries=HandlerRetries(max_attempts=2, first_backoff_seconds=0),
        )
        self.batch = BatchOfMessages(unit_consumer, self.handle_batch, self.one)

    def consumer(self, broker: KafkaBroker | None = None, topic: str = TOPIC) -> TopicConsumer:
        """The assembler's consumer of `topic`; without a broker, dead letters go to
        `publish`, which records them."""
        fake: Any = self  # only its `publish` is used, for dead letters
        consumed = Consumed(topic=topic, translators={Noted: _translate})
        return topic_consumer(broker or fake, self.bus, "notes", consumed)

    async def handle_batch(self, commands: Sequence[tuple[Any, Delivery]]) -> None:
        self.batch_sizes.append(len(commands))
        await self.bus.handle_batch(commands)

    def _count(self, _connection: Any) -> None:
        self.commits += 1

    async def _record(self, command: RecordNote, uow: NotesUnitOfWork) -> None:
        async with uow:
            self.tried.append(command.n)
            note = Note(command.case_id, command.n)
            await uow.add(note)
            if command.n in self.failing:
                raise LedgerOutOfStep("cannot post")
            if command.n in self.refused:
                raise RuleViolation(legal_basis="konfliktrådsloven §8", reason="refused")
            if command.n in self.left_uncommitted:
                return  # nothing to do after all: alone, the note written is rolled back
            note.events.append(NoteRecorded(command.case_id, command.n))
            await uow.commit()

    async def _react(self, recorded: NoteRecorded, _uow: Any) -> None:
        self.reacted.append(recorded.n)

    async def publish(self, value: bytes, topic: str, **kwargs: Any) -> None:
        self.dead.append((value, kwargs["headers"]))

    def dead_reasons(self) -> list[tuple[str, str]]:
        return [(headers["dlq_original_offset"], headers["dlq_reason"]) for _, headers in self.dead]

    async def recorded(self) -> list[int]:
        return [n for _case, n in await self.recorded_of_cases()]

    async def recorded_of_cases(self) -> list[tuple[str, int]]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(self.notes.c.case_id, self.notes.c.n).order_by(self.notes.c.id)
            )
            return [(case_id, n) for case_id, n in rows]

    async def audit_chain(self) -> Verdict:
        async with AsyncSession(self.engine) as session:
            return await verify_table(session, self.tables.audit)

    async def count(self, table: Table) -> int:
        async with self.engine.connect() as connection:
            counted = await connection.execute(select(func.count()).select_from(table))
            return int(counted.scalar_one())

    async def outbox_order(self) -> list[int]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(self.tables.outbox.c.payload).order_by(self.tables.outbox.c.id)
            )
            return [Noted.model_validate_json(payload).n for (payload,) in rows]


def _translate(event: Noted, _delivery: Delivery) -> RecordNote:
    return RecordNote(event.case_id, event.n)


def _outbound(domain_event: Any) -> Sequence[OutgoingEvent]:
    if isinstance(domain_event, NoteRecorded):
        told = Noted(case_id=domain_event.case_id, n=domain_event.n)
        return [OutgoingEvent("notes.told.v1", told)]
    return []


async def notes_service(database_url: str) -> Notes:
    metadata = new_metadata()
    tables = define_plumbing_tables(metadata)
    notes = Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("case_id", String(64), nullable=False),
        Column("n", Integer, nullable=False),
    )
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    return Notes(engine, tables, notes)


def record(
    n: int, *, offset: int | None = None, partition: int = 0, event_id: str | None = None
) -> ConsumerRecord[Any, Any]:
    envelope = Envelope(
        id=event_id or str(uuid4()), type=Noted.event_type, source="urn:test", time=NOW
    )
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    value = Noted(case_id=f"case-{partition}", n=n).model_dump_json().encode()
    position = n if offset is None else offset
    return ConsumerRecord(TOPIC, partition, position, 0, 0, b"k", value, None, 1, 2, headers)


def poison(offset: int) -> ConsumerRecord[Any, Any]:
    envelope = Envelope(id=str(uuid4()), type=Noted.event_type, source="urn:test", time=NOW)
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    return ConsumerRecord(TOPIC, 0, offset, 0, 0, b"k", b"not json", None, 1, 2, headers)
