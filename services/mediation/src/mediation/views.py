"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mediation.adapters.repository import RosterRepository
from mediation.domain.model import MediationCase, RosterEntry


def roster_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[list[RosterEntry]]]:
    async def read_roster(office: str) -> list[RosterEntry]:
        async with sessions() as session:
            return await RosterRepository(session).list_for_office(office)

    return read_roster


def case_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[MediationCase | None]]:
    async def read_case(case_id: str) -> MediationCase | None:
        async with sessions() as session:
            return await session.get(MediationCase, case_id)

    return read_case
