from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from youth_plan.domain.model import YouthCase


class YouthCaseRepository:
    def __init__(
        self, session: AsyncSession, visible: Callable[[str], bool] = lambda _office: True
    ) -> None:
        self._session = session
        self._visible = visible
        self.seen: dict[str, YouthCase] = {}

    def add(self, case: YouthCase) -> None:
        self._session.add(case)
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> YouthCase | None:
        """The case, if there is one and the unit of work's caller sees its office: another
        office's case is loaded like a missing one."""
        case = await self._session.get(YouthCase, case_id)
        if case is None or not self._visible(case.office):
            return None
        self.seen[case.case_id] = case
        return case
