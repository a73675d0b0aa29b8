from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mediation.adapters.orm import roster
from mediation.domain.model import MediationCase, RosterEntry


class RosterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, RosterEntry] = {}

    def add(self, entry: RosterEntry) -> None:
        self._session.add(entry)
        self.seen[entry.mediator_id] = entry

    async def get(self, mediator_id: str) -> RosterEntry | None:
        entry = await self._session.get(RosterEntry, mediator_id)
        if entry is not None:
            self.seen[entry.mediator_id] = entry
        return entry

    async def list_for_office(self, office: str, limit: int = 500) -> list[RosterEntry]:
        statement = (
            select(RosterEntry)
            .where(roster.c.office == office)
            .order_by(roster.c.available_from)
            .limit(limit)
        )
        return list((await self._session.scalars(statement)).all())


class MediationCaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, MediationCase] = {}

    def add(self, case: MediationCase) -> None:
        self._session.add(case)
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> MediationCase | None:
        case = await self._session.get(MediationCase, case_id)
        if case is not None:
            self.seen[case.case_id] = case
        return case
