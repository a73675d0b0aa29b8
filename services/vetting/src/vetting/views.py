"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from vetting.domain.model import Mediator


def mediator_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[Mediator | None]]:
    async def read_mediator(mediator_id: str) -> Mediator | None:
        async with sessions() as session:
            return await session.get(Mediator, mediator_id)

    return read_mediator
