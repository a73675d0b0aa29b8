"""A small service for the batch test on the real broker and PostgreSQL: notes recorded from
consumed messages through the suite's unit of work, bus and assembler's consumer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from faststream.kafka import KafkaBroker
from sqlalchemy import Column, Integer, MetaData, String, Table, event, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from konfliktrad_shared.assembly import Consumed, topic_consumer
from konfliktrad_shared.audit_chain import Verdict, verify_table
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.db import (
    PlumbingTables,
    create_engine,
    define_plumbing_tables,
    new_metadata,
    session_factory,
)
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import TopicConsumer
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork

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


def _notes_table(metadata: MetaData) -> Table:
    return Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("case_id", String(64), nullable=False),
        Column("n", Integer, nullable=False),
    )


class NotesUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, *args: Any, notes: Table, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._notes = notes

    def _open_repositories(self, session: AsyncSession) -> None:
        self.seen_notes: list[Note] = []

    def seen(self) -> Iterable[Aggregate]:
        return self.seen_notes

    async def add(self, note: Note) -> None:
        await self.session.execute(insert(self._notes).values(case_id=note.case_id, n=note.n))
        self.seen_notes.append(note)


class Notes:
    """The service: its database, its bus, its consumer and what its handlers were given."""

    def __init__(self, engine: AsyncEngine, tables: PlumbingTables, notes: Table) -> None:
        self.engine = engine
        self.tables = tables
        self.notes = notes
        self.failing: set[int] = set()
        self.tried: list[int] = []
        self.batch_sizes: list[int] = []
        self.database_commits = 0
        event.listen(engine.sync_engine, "commit", self._count_commit)
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
            uow_factory=unit_of_work, command_handlers={RecordNote: self._record}, event_handlers={}
        )

    def consumer(self, broker: KafkaBroker, topic: str) -> TopicConsumer:
        return topic_consumer(
            broker, self.bus, "batch-notes", Consumed(topic=topic, translators={Noted: _translate})
        )

    async def handle_batch(self, commands: Sequence[tuple[Any, Delivery]]) -> None:
        self.batch_sizes.append(len(commands))
        await self.bus.handle_batch(commands)

    def _count_commit(self, _connection: Any) -> None:
        self.database_commits += 1

    async def _record(self, command: RecordNote, uow: NotesUnitOfWork) -> None:
        async with uow:
            self.tried.append(command.n)
            note = Note(command.case_id, command.n)
            await uow.add(note)
            if command.n in self.failing:
                raise LedgerOutOfStep("cannot post")
            note.events.append(NoteRecorded(command.case_id, command.n))
            await uow.commit()

    async def recorded(self) -> list[tuple[str, int]]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                select(self.notes.c.case_id, self.notes.c.n).order_by(self.notes.c.id)
            )
            return [(case_id, n) for case_id, n in rows]

    async def audit_chain(self) -> Verdict:
        async with AsyncSession(self.engine) as session:
            return await verify_table(session, self.tables.audit)


def _translate(noted: Noted, _delivery: Delivery) -> RecordNote:
    return RecordNote(noted.case_id, noted.n)


def _outbound(domain_event: Any) -> Sequence[OutgoingEvent]:
    told = Noted(case_id=domain_event.case_id, n=domain_event.n)
    return [OutgoingEvent("notes.told.v1", told)]


async def notes_service(database_url: str) -> Notes:
    metadata = new_metadata()
    tables = define_plumbing_tables(metadata)
    notes = _notes_table(metadata)
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    return Notes(engine, tables, notes)
