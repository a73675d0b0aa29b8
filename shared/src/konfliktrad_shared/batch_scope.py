"""What the units of work of one batch of consumed messages share besides its transaction:
the rows they insert, written together at the batch's commit, and what they found.

A repository asks `batch_scope(session)`. Outside a batch (an HTTP command, a message handled
alone) there is none and it reads and writes at once, as always. Inside one:

- it hands its new rows over (`BatchScope.insert`): one multi-row INSERT per table for the
  whole batch instead of one per message. A row it may change again before the commit carries
  a key, so a later message of the batch replaces the row instead of updating one not yet
  written. The batch's `SharedTransaction` writes them, in the order their tables were first
  given, before the audit entries and the outbox rows; a row that fails fails the batch, and
  its messages are handled one at a time.
- it keeps what it added or loaded in `found` (None: known to be absent), so a later message
  finds a case added before it without a read (which could not see an unwritten row), and it
  may load what the batch's `commands` will ask for in one read instead of one per message.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

_KEY = "konfliktrad.batch_scope"


class BatchScope:
    def __init__(self, commands: Sequence[Any]) -> None:
        self.commands = commands
        self.found: dict[Hashable, Any] = {}
        self._rows: dict[Table, dict[Hashable, dict[str, Any]]] = {}

    def insert(self, table: Table, row: dict[str, Any], key: Hashable | None = None) -> None:
        """The row is inserted with the batch; a row of the same `key` given earlier is
        replaced, keeping its place."""
        rows = self._rows.setdefault(table, {})
        rows[key if key is not None else ("unkeyed", len(rows))] = row

    def holds(self, table: Table, key: Hashable) -> bool:
        return key in self._rows.get(table, {})

    async def write(self, session: AsyncSession) -> None:
        for table, rows in self._rows.items():
            if rows:
                await session.execute(insert(table), list(rows.values()))
        self._rows.clear()


def open_batch_scope(session: AsyncSession, commands: Sequence[Any]) -> BatchScope:
    scope = BatchScope(commands)
    session.info[_KEY] = scope
    return scope


def batch_scope(session: AsyncSession) -> BatchScope | None:
    """The open batch's scope, or None when the session is not a batch's."""
    scope = session.info.get(_KEY)
    return scope if isinstance(scope, BatchScope) else None
