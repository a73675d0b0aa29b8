"""The unit of work: one transaction for the aggregate, its outbox rows and the inbox row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared import audit_chain
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.db import PlumbingTables
from konfliktrad_shared.inbox import Delivery, claim
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

    def audit_as(self, command: Any, actor: audit_chain.Actor) -> None:
        """The commit records `command` (its type, case and provisions) against `actor` in the
        audit chain, in the same transaction (`messagebus.MessageBus` calls this for each)."""
        self._audited = (command, actor)

    async def __aenter__(self) -> Self:
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
        await self.session.rollback()
        await self.session.close()

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
        if self._audited is not None:
            # Before the outbox rows: the chain's lock, held to the commit, then also orders
            # their ids as the commits. An id taken before it could commit after a later one
            # of the same case, which a relay would already have sent (it cannot see the
            # uncommitted earlier row).
            await self._record(events)
        if rows:
            await self.session.execute(insert(self._tables.outbox), rows)
            if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
                # Delivered on commit only, so the relay never wakes for a rolled-back write.
                await self.session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))
        await self.session.commit()
        for aggregate in self.seen():
            aggregate.events.clear()
        self._published.extend(events)
        if rows:
            self._on_outbox_commit()

    async def _record(self, events: Sequence[Any]) -> None:
        assert self._audited is not None
        command, actor = self._audited
        # The aggregates' rows first: the chain's lock is then taken last and held only over
        # the entry's insert and the commit, never while waiting on another transaction's row.
        await self.session.flush()
        await audit_chain.append(
            self.session,
            self._tables.audit,
            at=self.clock.now(),
            kind=audit_chain.COMMAND,
            action=type(command).__name__,
            actor=actor,
            provision=audit_chain.provision_of([command, *events]),
            case_id=audit_chain.case_of(command, self.seen()),
        )

    def collect_new_events(self) -> Iterator[Any]:
        """Domain events committed by this unit of work, for in-process event handlers."""
        while self._published:
            yield self._published.pop(0)
