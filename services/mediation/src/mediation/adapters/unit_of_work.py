from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from mediation.adapters.repository import MediationCaseRepository, RosterRepository


class MediationUnitOfWork(SqlAlchemyUnitOfWork):
    roster: RosterRepository
    cases: MediationCaseRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.roster = RosterRepository(session)
        self.cases = MediationCaseRepository(session)

    def seen(self) -> Iterable[Aggregate]:
        return chain(self.roster.seen.values(), self.cases.seen.values())
