from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared import deadlines
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from youth_plan.adapters.repository import YouthCaseRepository

EXECUTION_ENDS = "youth_plan.execution_ends"


class YouthPlanUnitOfWork(SqlAlchemyUnitOfWork):
    cases: YouthCaseRepository

    def _open_repositories(self, session: AsyncSession) -> None:
        self.cases = YouthCaseRepository(session, self.visible)

    def seen(self) -> Iterable[Aggregate]:
        return self.cases.seen.values()

    async def schedule_completion(self, case_id: str, due_at: datetime) -> None:
        """A durable deadline in this transaction: the case is checked for completion when its
        execution period ends (a deadline kind declared in `bootstrap`)."""
        await deadlines.schedule(
            self.session,
            self._tables.deadlines,
            kind=EXECUTION_ENDS,
            aggregate_id=case_id,
            due_at=due_at,
        )
