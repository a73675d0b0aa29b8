"""Engines, sessions and the plumbing tables every service's schema carries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from konfliktrad_shared.audit_chain import define_audit_table

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite has no 64-bit autoincrement type of its own; INTEGER PRIMARY KEY is the rowid.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class PlumbingTables:
    outbox: Table
    inbox: Table
    deadlines: Table
    # The append-only, hash-chained audit trail (`audit_chain`): written by the unit of work.
    audit: Table


def define_plumbing_tables(metadata: MetaData) -> PlumbingTables:
    """The outbox, inbox and deadline tables, in the service's own schema."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BIG_ID, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(249), nullable=False),
        Column("message_key", String(200), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True),
        # Per-row outcomes (see `outbox_relay`): failed attempts, the last error (its class
        # and the far side's code, no content), when to try again, and when it was parked.
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Column("next_attempt_at", DateTime(timezone=True), nullable=True),
        Column("parked_at", DateTime(timezone=True), nullable=True),
    )
    Index(
        "ix_outbox_unpublished",
        outbox.c.message_key,
        outbox.c.id,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", String(200), primary_key=True),
        Column("received_at", DateTime(timezone=True), nullable=False),
    )
    deadlines = Table(
        "deadlines",
        metadata,
        Column("id", String(64), primary_key=True),
        Column("kind", String(100), nullable=False),
        Column("aggregate_id", String(64), nullable=False),
        Column("due_at", DateTime(timezone=True), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("fired_at", DateTime(timezone=True), nullable=True),
    )
    Index(
        "ix_deadlines_pending",
        deadlines.c.due_at,
        postgresql_where=deadlines.c.fired_at.is_(None),
        sqlite_where=deadlines.c.fired_at.is_(None),
    )
    return PlumbingTables(
        outbox=outbox, inbox=inbox, deadlines=deadlines, audit=define_audit_table(metadata)
    )


def create_engine(database_url: str) -> AsyncEngine:
    if database_url.startswith("sqlite"):
        engine = create_async_engine(database_url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    return create_async_engine(database_url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _tune_sqlite(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets the relay read while a handler writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
