"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from youth_plan.adapters.orm import youth_cases
from youth_plan.domain.model import YouthCase


def case_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[YouthCase | None]]:
    async def read_case(case_id: str) -> YouthCase | None:
        async with sessions() as session:
            return await session.get(YouthCase, case_id)

    return read_case


def office_cases_lister(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[frozenset[str]], Awaitable[list[YouthCase]]]:
    """The youth cases of the given offices (the caller's visible ones)."""

    async def list_cases(offices: frozenset[str]) -> list[YouthCase]:
        query = select(YouthCase).where(youth_cases.c.office.in_(sorted(offices)))
        async with sessions() as session:
            return list((await session.scalars(query)).all())

    return list_cases
