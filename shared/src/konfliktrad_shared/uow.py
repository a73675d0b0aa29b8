"""The unit of work: one transaction for the aggregate, its outbox rows and the inbox row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import Table, insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared import audit_chain
from konfliktrad_shared.batch_scope import BatchScope, open_batch_scope
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.db import PlumbingTables
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery, claim, claim_all
from konfliktrad_shared.outbox import NOTIFY_CHANNEL, OutgoingEvent, outbox_row


class Aggregate(Protocol):
    events: list[Any]


Outbound = Callable[[Any], Sequence[OutgoingEvent]]
"""Maps a domain event to the integration events (and their topics) it becomes, if any."""


class Viewer(Protocol):
    """Someone a command is run for who sees only some offices' aggregates (an HTTP caller)."""

    def sees(self, office: str) -> bool: ...


def _every_office(_office: str) -> bool:
    return True


class SqlAlchemyUnitOfWork:
    """Subclasses open their repositories in `_open_repositories` and list aggregates in `seen`.

    Nothing below a handler commits: the handler calls `commit()` once, and the commit writes
    the aggregates, the outbox rows for their new events and the inbox row together.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        tables: PlumbingTables,
        source: str,
        outbound: Outbound,
        clock: Clock,
        delivery: Delivery | None = None,
        on_outbox_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._tables = tables
        self._source = source
        self._outbound = outbound
        self._delivery = delivery
        self._on_outbox_commit = on_outbox_commit
        self.clock = clock
        self._published: list[Any] = []
        # Which offices' aggregates this unit of work may load (`messagebus.OnBehalfOf`);
        # a consumed message or a deadline acts for the service itself and sees every office.
        self.visible: Callable[[str], bool] = _every_office
        self._audited: tuple[Any, audit_chain.Actor] | None = None
        self._shared: SharedTransaction | None = None
        self._committed = False

    def join(self, shared: SharedTransaction) -> None:
        """Work inside `shared` (a batch of consumed messages): the session is the batch's, and
        `commit()` hands its writes to the batch, which commits them all at once."""
        self._shared = shared

    def audit_as(self, command: Any, actor: audit_chain.Actor) -> None:
        """The commit records `command` (its type, case and provisions) against `actor` in the
        audit chain, in the same transaction (`messagebus.MessageBus` calls this for each)."""
        self._audited = (command, actor)

    async def __aenter__(self) -> Self:
        if self._shared is not None:
            self.session = self._shared.open(self._sessions)
            self._committed = False
            self._open_repositories(self.session)
            if self._delivery is not None:
                await self._shared.claim(self._tables.inbox, self._delivery, self.clock.now())
            return self
        self.session = self._sessions()
        self._open_repositories(self.session)
        if self._delivery is not None:
            try:
                await claim(self.session, self._tables.inbox, self._delivery, self.clock.now())
            except BaseException:
                # __aexit__ does not run when __aenter__ raises: give the connection back here.
                await self.session.close()
                raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._shared is not None:
            if exc_type is not None or not self._committed or self._unflushed():
                # Alone, what it wrote since its commit would be rolled back; in the batch it
                # would stay (also when the handler caught the error and went on).
                self._shared.spoil(f"{type(self).__name__} left with writes not committed")
            return
        await self.session.rollback()
        await self.session.close()

    def _unflushed(self) -> bool:
        return bool(self.session.new or self.session.dirty or self.session.deleted)

    def act_for(self, viewer: Viewer) -> None:
        """Load only what `viewer` sees (`messagebus.OnBehalfOf`). A service whose rule of
        visibility is finer than the office's narrows this further in its own unit of work."""
        self.visible = viewer.sees

    def _open_repositories(self, session: AsyncSession) -> None:
        raise NotImplementedError

    def seen(self) -> Iterable[Aggregate]:
        raise NotImplementedError

    async def commit(self) -> None:
        events = [event for aggregate in self.seen() for event in aggregate.events]
        rows = [
            outbox_row(outgoing, source=self._source, now=self.clock.now())
            for event in events
            for outgoing in self._outbound(event)
        ]
        entry = self._audit_entry(events)
        if self._shared is not None:
            # The batch's one commit writes the entry and the rows, in the order given here.
            await self.session.flush()
            for aggregate in self.seen():
                aggregate.events.clear()
            self._shared.hand_over(
                _Handed(self, entry, rows, events, self._tables, self._on_outbox_commit)
            )
            self._committed = True
            return
        await _write(self.session, self._tables, [entry] if entry else [], rows)
        await self.session.commit()
        for aggregate in self.seen():
            aggregate.events.clear()
        self._committed_with(events, rows)

    def _committed_with(self, events: Sequence[Any], rows: Sequence[Any]) -> None:
        self._published.extend(events)
        if rows:
            self._on_outbox_commit()

    def _audit_entry(self, events: Sequence[Any]) -> dict[str, Any] | None:
        if self._audited is None:
            return None
        command, actor = self._audited
        return {
            "at": self.clock.now(),
            "kind": audit_chain.COMMAND,
            "action": type(command).__name__,
            "actor": actor,
            "provision": audit_chain.provision_of([command, *events]),
            "case_id": audit_chain.case_of(command, self.seen()),
        }

    def collect_new_events(self) -> Iterator[Any]:
        """Domain events committed by this unit of work, for in-process event handlers."""
        while self._published:
            yield self._published.pop(0)


async def _write(
    session: AsyncSession,
    tables: PlumbingTables,
    entries: Sequence[dict[str, Any]],
    rows: Sequence[dict[str, Any]],
) -> None:
    """The audit entries, then the outbox rows, in the transaction about to commit."""
    if entries:
        # The aggregates' rows first: the chain's lock is then taken last and held only over
        # the entries' inserts and the commit, never while waiting on another transaction's
        # row. And before the outbox rows: the lock, held to the commit, then also orders
        # their ids as the commits. An id taken before it could commit after a later one of
        # the same case, which a relay would already have sent (it cannot see the
        # uncommitted earlier row).
        await session.flush()
        await audit_chain.append_all(session, tables.audit, entries)
    if rows:
        await session.execute(insert(tables.outbox), list(rows))
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            # Delivered on commit only, so the relay never wakes for a rolled-back write.
            await session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))


@dataclass(frozen=True, slots=True)
class _Handed:
    uow: SqlAlchemyUnitOfWork
    entry: dict[str, Any] | None
    rows: list[dict[str, Any]]
    events: list[Any]
    tables: PlumbingTables
    on_outbox_commit: Callable[[], None]


class SpoiledBatch(Exception):
    """A unit of work in the batch did something the batch cannot commit as it would have
    been committed alone; the batch is rolled back and its messages handled one at a time."""


class SharedTransaction:
    """One transaction that the units of work of a batch of consumed messages join in turn
    (`SqlAlchemyUnitOfWork.join`): each claims its message's inbox row and acts in it, and
    `commit()` writes every audit entry and outbox row in the order the units handed them
    over, then commits once."""

    def __init__(self, deliveries: Sequence[Delivery] = (), commands: Sequence[Any] = ()) -> None:
        self.session: AsyncSession | None = None
        self._handed: list[_Handed] = []
        self._spoiled: str | None = None
        self._deliveries = {(d.consumer, d.event_id): d for d in deliveries}
        self._claimed: set[tuple[str, str]] | None = None
        self._commands = commands
        self._scope: BatchScope | None = None

    def open(self, sessions: async_sessionmaker[AsyncSession]) -> AsyncSession:
        if self.session is None:
            self.session = sessions()
            self._scope = open_batch_scope(self.session, self._commands)
        return self.session

    async def claim(self, inbox: Table, delivery: Delivery, now: datetime) -> None:
        """Claims the inbox rows of the whole batch in one statement, at the first unit of
        work's claim; raises `DuplicateDelivery` for a delivery handled before (or already
        once in this batch)."""
        if self.session is None:
            raise RuntimeError("a unit of work claims in the batch before opening it")
        key = (delivery.consumer, delivery.event_id)
        if key not in self._deliveries:  # a unit of work the batch was not told of
            await claim(self.session, inbox, delivery, now)
            return
        if self._claimed is None:
            batch = list(self._deliveries.values())
            self._claimed = await claim_all(self.session, inbox, batch, now)
        if key not in self._claimed:
            raise DuplicateDelivery(f"{delivery.consumer} already handled {delivery.event_id}")
        self._claimed.remove(key)

    def spoil(self, why: str) -> None:
        self._spoiled = self._spoiled or why

    def hand_over(self, handed: _Handed) -> None:
        self._handed.append(handed)

    async def commit(self) -> None:
        if self._spoiled is not None:
            raise SpoiledBatch(self._spoiled)
        if self.session is None:
            return
        if self._scope is not None:
            await self._scope.write(self.session)
        handed = self._handed
        if handed:
            entries = [item.entry for item in handed if item.entry is not None]
            rows = [row for item in handed for row in item.rows]
            await _write(self.session, handed[0].tables, entries, rows)
        await self.session.commit()
        self._handed = []
        for item in handed:
            item.uow._committed_with(item.events, item.rows)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.rollback()
            await self.session.close()
