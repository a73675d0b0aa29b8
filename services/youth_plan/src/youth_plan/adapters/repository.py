from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from youth_plan.domain.model import YouthCase


class YouthCaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, YouthCase] = {}

    def add(self, case: YouthCase) -> None:
        self._session.add(case)
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> YouthCase | None:
        case = await self._session.get(YouthCase, case_id)
        if case is not None:
            self.seen[case.case_id] = case
        return case
