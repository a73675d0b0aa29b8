"""The agency adapter's count of failed delivery attempts, in its database, so the bound on
attempts holds across restarts of the adapter during a long outage."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import Clock
from notification.adapters.orm import agency_attempts


class SqlAttempts:
    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self.engine = engine
        self._clock = clock

    async def failed(self, event_id: str, failure: str) -> int:
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        now = self._clock.now()
        statement = insert(agency_attempts).values(
            event_id=event_id, attempts=1, last_failure=failure[:200], updated_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["event_id"],
            set_={
                "attempts": agency_attempts.c.attempts + 1,
                "last_failure": failure[:200],
                "updated_at": now,
            },
        )
        async with self.engine.begin() as connection:
            await connection.execute(statement)
            count = await connection.scalar(
                select(agency_attempts.c.attempts).where(agency_attempts.c.event_id == event_id)
            )
        return int(count or 1)

    async def forget(self, event_id: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(agency_attempts).where(agency_attempts.c.event_id == event_id)
            )
