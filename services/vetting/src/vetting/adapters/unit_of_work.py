from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from vetting.adapters.repository import MediatorRepository


class VettingUnitOfWork(SqlAlchemyUnitOfWork):
    mediators: MediatorRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.mediators = MediatorRepository(session)

    def seen(self) -> Iterable[Aggregate]:
        return self.mediators.seen.values()
