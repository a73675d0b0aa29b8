"""Every service's audit chain: who did or saw what, when, under which provision, in which case.

One row per committed command (written by the unit of work in the command's own transaction)
and one per read of personal data or meeting notes. Rows are append-only (a trigger refuses
UPDATE, DELETE and TRUNCATE on PostgreSQL, see `plumbing_schema.add_audit_chain`) and chained:
each row's `entry_hash` is SHA-256 over the previous row's hash and the row's own canonical
content, so an altered row breaks its own hash and a removed one breaks its successor's link.

An entry names the actor (the caller's own subject, roles and office, or `system:<consumer>`),
the action (the command's type or the read's purpose), the provision and the case's id. It never
holds party names, national ids, addresses or notes: the chain outlives the cases it speaks of.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.auth_tokens import Principal
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.inbox import Delivery

TABLE = "audit_chain"
GENESIS = "0" * 64
COMMAND = "command"
READ = "read"
DEADLINES_SUFFIX = ".deadlines"
# One lock key for the whole chain: appends are serialised from the read of the last hash to
# the commit, so two transactions never link to the same predecessor (a forked chain).
_CHAIN_LOCK = 0x6B61_7564_6974  # "kaudit"

# The authenticated caller of the request being served: set by `auth.Authenticator`, read
# when a command or a read is recorded without an explicit principal.
current_principal: ContextVar[Principal | None] = ContextVar("audit_principal", default=None)


@dataclass(frozen=True, slots=True)
class Actor:
    subject: str
    role: str = ""
    office: str = ""
    message_id: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(principal.subject, ",".join(sorted(principal.roles)), principal.office or "")

    @classmethod
    def system(cls, delivery: Delivery) -> Actor:
        """A consumed message or a fired deadline: the service acts for itself."""
        name = (
            "deadlines"
            if delivery.consumer.endswith(DEADLINES_SUFFIX)
            else delivery.consumer.removesuffix(DEADLINES_SUFFIX)
        )
        return cls(f"system:{name}", "system", "", delivery.event_id)


UNKNOWN = Actor("system:unattributed", "system")
# A caller proved otherwise than by a staff token (a provider's signed receipt): see `acting_as`.
_current_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Commands handled inside are recorded against `actor` (an entry point that authenticates
    its caller by other means than a staff token)."""
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


def acting(delivery: Delivery | None, viewer: object | None) -> Actor:
    """Who a command is recorded against: the message or deadline that drove it, else the
    principal it was asked for on behalf of, else the request's authenticated caller."""
    if delivery is not None:
        return Actor.system(delivery)
    if isinstance(viewer, Principal):
        return Actor.of(viewer)
    chosen = _current_actor.get()
    if chosen is not None:
        return chosen
    principal = current_principal.get()
    return Actor.of(principal) if principal is not None else UNKNOWN


# `db.BIG_ID`, not imported: `db` imports this module for the table.
_SEQ = BigInteger().with_variant(Integer(), "sqlite")


def define_audit_table(metadata: MetaData) -> Table:
    return Table(
        TABLE,
        metadata,
        Column(
            "seq",
            BigInteger().with_variant(Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("action", String(200), nullable=False),
        Column("actor_subject", String(200), nullable=False),
        Column("actor_role", String(200), nullable=False),
        Column("actor_office", String(100), nullable=False),
        Column("provision", String(500), nullable=True),
        Column("case_id", String(64), nullable=True),
        Column("message_id", String(200), nullable=True),
        Column("previous_hash", String(64), nullable=False),
        Column("entry_hash", String(64), nullable=False, unique=True),
    )


_CONTENT = (
    "at",
    "kind",
    "action",
    "actor_subject",
    "actor_role",
    "actor_office",
    "provision",
    "case_id",
    "message_id",
)


def _canonical_at(value: Any) -> str:
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return str(moment.astimezone(UTC).isoformat(timespec="microseconds"))


def entry_hash(previous_hash: str, row: Mapping[str, Any]) -> str:
    content = {name: row[name] for name in _CONTENT}
    content["at"] = _canonical_at(row["at"])
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


async def append(
    session: AsyncSession,
    table: Table,
    *,
    at: datetime,
    kind: str,
    action: str,
    actor: Actor,
    provision: str | None = None,
    case_id: str | None = None,
) -> None:
    """Add one entry in the session's transaction, linked to the last one."""
    entry = {"at": at, "kind": kind, "action": action, "actor": actor}
    await append_all(session, table, [entry | {"provision": provision, "case_id": case_id}])


async def append_all(
    session: AsyncSession, table: Table, entries: Sequence[Mapping[str, Any]]
) -> None:
    """Add entries (each with `append`'s keywords) in order, each linked to the one before:
    the chain's lock and its last hash are taken once (a batch of consumed messages)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    last = await session.execute(
        select(table.c.entry_hash).where(
            table.c.seq == select(func.max(table.c.seq)).scalar_subquery()
        )
    )
    previous = last.scalar_one_or_none() or GENESIS
    rows: list[dict[str, Any]] = []
    for entry in entries:
        actor: Actor = entry["actor"]
        provision = entry.get("provision")
        row: dict[str, Any] = {
            "at": entry["at"],
            "kind": entry["kind"],
            "action": entry["action"][:200],
            "actor_subject": actor.subject[:200],
            "actor_role": actor.role[:200],
            "actor_office": actor.office[:100],
            "provision": provision[:500] if provision else None,
            "case_id": entry.get("case_id"),
            "message_id": actor.message_id,
        }
        row["previous_hash"] = previous
        row["entry_hash"] = previous = entry_hash(previous, row)
        rows.append(row)
    # In order (executemany), so `seq` follows the links (`verify` walks them by `seq`).
    await session.execute(insert(table), rows)


_CASE_FIELDS = ("case_id", "application_id", "mediator_id", "notice_id")


def case_of(command: Any, aggregates: Iterable[Any]) -> str | None:
    """The id of what a command acted on: its own case field, else the aggregate it made."""
    for source in (command, *aggregates):
        for name in _CASE_FIELDS:
            value = getattr(source, name, None)
            if isinstance(value, str) and value:
                return value[:64]
    return None


def provision_of(events: Iterable[Any]) -> str | None:
    """The provisions the transaction's domain events applied, each once, in order."""
    cited: list[str] = []
    for event in events:
        basis = getattr(event, "legal_basis", None)
        if isinstance(basis, str) and basis and basis not in cited:
            cited.append(basis)
    return "; ".join(cited) or None


@dataclass(frozen=True, slots=True)
class Verdict:
    count: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(rows: Iterable[Mapping[str, Any]]) -> Verdict:
    """Walk the rows in `seq` order: each must link to the one before and hash to itself."""
    previous = GENESIS
    count = 0
    for row in rows:
        if row["previous_hash"] != previous:
            return Verdict(count, row["seq"], "does not link to the entry before it")
        if entry_hash(previous, row) != row["entry_hash"]:
            return Verdict(count, row["seq"], "its content does not match its hash")
        previous = row["entry_hash"]
        count += 1
    return Verdict(count)


async def verify_table(session: AsyncSession, table: Table) -> Verdict:
    result = await session.execute(select(table).order_by(table.c.seq))
    return verify(dict(row) for row in result.mappings())


async def record_read(
    session: AsyncSession,
    table: Table,
    *,
    at: datetime,
    purpose: str,
    case_id: str | None,
    principal: Principal | None = None,
) -> None:
    """Log a read of personal data or notes, before it is answered; the caller commits."""
    chosen = principal or current_principal.get()
    actor = Actor.of(chosen) if chosen is not None else UNKNOWN
    await append(session, table, at=at, kind=READ, action=purpose, actor=actor, case_id=case_id)


@dataclass(frozen=True, slots=True)
class ReadLog:
    """Records a read of personal data or notes in a transaction of its own, committed before
    the data is answered: a read that cannot be recorded is not answered."""

    sessions: async_sessionmaker[AsyncSession]
    table: Table
    clock: Clock

    async def __call__(self, purpose: str, case_id: str | None) -> None:
        await self.many(purpose, [case_id])

    async def many(
        self, purpose: str, case_ids: Iterable[str | None], principal: Principal | None = None
    ) -> None:
        """One entry per case, in one transaction (a list answered at once); by `principal`,
        else the request's authenticated caller."""
        async with self.sessions() as session:
            for case_id in case_ids:
                await record_read(
                    session,
                    self.table,
                    at=self.clock.now(),
                    purpose=purpose,
                    case_id=case_id,
                    principal=principal,
                )
            await session.commit()
