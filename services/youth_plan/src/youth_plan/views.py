"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from youth_plan.domain.model import YouthCase


def case_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[YouthCase | None]]:
    async def read_case(case_id: str) -> YouthCase | None:
        async with sessions() as session:
            return await session.get(YouthCase, case_id)

    return read_case
