"""Every command in every service's handler table leaves an audit entry with its actor.

The bus records each command it dispatches in the command's own unit of work (nothing below a
handler commits, and the commit writes the entry), so driving every command type of every
service's `COMMAND_HANDLERS` through the bus with a handler that only commits shows that none
escapes the chain, whichever way it came: over HTTP, from a consumed message, from a deadline.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared import audit_chain
from konfliktrad_shared.auth_tokens import Principal
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus, OnBehalfOf
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
METADATA = new_metadata()
TABLES = define_plumbing_tables(METADATA)
HANDLER_TABLES = {
    service: importlib.import_module(f"{service}.handlers").COMMAND_HANDLERS
    for service in ("referral", "mediation", "youth_plan", "vetting", "notification")
}
EVERY_COMMAND = [
    pytest.param(service, command, id=f"{service}.{command.__name__}")
    for service, table in HANDLER_TABLES.items()
    for command in table
]
CLERK = Principal("clerk-1", frozenset({"case_officer"}), "oslo")


class BareUnitOfWork(SqlAlchemyUnitOfWork):
    def _open_repositories(self, session: AsyncSession) -> None:
        return None

    def seen(self) -> Iterable[Aggregate]:
        return ()


async def commits(_command: Any, uow: SqlAlchemyUnitOfWork) -> None:
    async with uow:
        await uow.commit()


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'audit.sqlite3'}")
    async with engine.begin() as connection:
        await connection.run_sync(METADATA.create_all)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


def bus_for(service: str, sessions: async_sessionmaker[AsyncSession]) -> MessageBus:
    def unit_of_work(delivery: Delivery | None) -> SqlAlchemyUnitOfWork:
        return BareUnitOfWork(
            sessions,
            tables=TABLES,
            source=service,
            outbound=lambda _event: (),
            clock=FrozenClock(NOW),
            delivery=delivery,
        )

    handlers = {command: commits for command in HANDLER_TABLES[service]}
    return MessageBus(uow_factory=unit_of_work, command_handlers=handlers, event_handlers={})


def blank(command_type: type) -> Any:
    """An instance of the command's type; the bus routes by type, the handler here reads none
    of its fields."""
    return object.__new__(command_type)


async def entries(sessions: async_sessionmaker[AsyncSession]) -> list[Any]:
    async with sessions() as session:
        rows = await session.execute(select(TABLES.audit).order_by(TABLES.audit.c.seq))
        return list(rows.mappings())


@pytest.mark.parametrize(("service", "command"), EVERY_COMMAND)
async def test_every_command_is_recorded_against_its_actor(
    sessions: async_sessionmaker[AsyncSession], service: str, command: type
) -> None:
    bus = bus_for(service, sessions)

    await bus.handle(OnBehalfOf(blank(command), CLERK))
    await bus.handle(blank(command), Delivery(f"{service}", "event-7"))
    await bus.handle(blank(command), Delivery(f"{service}.deadlines", "deadline-3"))

    recorded = await entries(sessions)
    assert [(e["action"], e["kind"]) for e in recorded] == [(command.__name__, "command")] * 3
    assert [
        (e["actor_subject"], e["actor_role"], e["actor_office"], e["message_id"]) for e in recorded
    ] == [
        ("clerk-1", "case_officer", "oslo", None),
        (f"system:{service}", "system", "", "event-7"),
        ("system:deadlines", "system", "", "deadline-3"),
    ]
    assert audit_chain.verify(recorded).intact


async def test_a_command_over_http_is_recorded_against_the_authenticated_caller(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Without `OnBehalfOf` (an API that checks the office itself) the caller the request
    authenticated is the actor."""
    bus = bus_for("mediation", sessions)
    command = next(iter(HANDLER_TABLES["mediation"]))
    token = audit_chain.current_principal.set(CLERK)
    try:
        await bus.handle(blank(command))
    finally:
        audit_chain.current_principal.reset(token)

    assert [e["actor_subject"] for e in await entries(sessions)] == ["clerk-1"]


def test_the_chain_names_what_changed_first() -> None:
    rows: list[dict[str, Any]] = []
    previous = audit_chain.GENESIS
    for seq, action in enumerate(("SubmitApplication", "Appoint", "Revoke"), start=1):
        row: dict[str, Any] = {
            "seq": seq,
            "at": NOW,
            "kind": "command",
            "action": action,
            "actor_subject": "clerk-1",
            "actor_role": "case_officer",
            "actor_office": "oslo",
            "provision": None,
            "case_id": "a-1",
            "message_id": None,
            "previous_hash": previous,
        }
        row["entry_hash"] = previous = audit_chain.entry_hash(previous, row)
        rows.append(row)
    assert audit_chain.verify(rows) == audit_chain.Verdict(3)

    altered = [dict(row) for row in rows]
    altered[1]["actor_subject"] = "someone-else"
    assert audit_chain.verify(altered).broken_at == 2
    assert audit_chain.verify([rows[0], rows[2]]).broken_at == 3
    assert audit_chain.verify(rows[1:]).broken_at == 2
