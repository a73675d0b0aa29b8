from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from youth_plan.adapters.repository import YouthCaseRepository


class YouthPlanUnitOfWork(SqlAlchemyUnitOfWork):
    cases: YouthCaseRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.cases = YouthCaseRepository(session)

    def seen(self) -> Iterable[Aggregate]:
        return self.cases.seen.values()
