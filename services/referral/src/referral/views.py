"""Reads for the API: no unit of work, nothing changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from referral.adapters.repository import ReferralCaseRepository
from referral.domain.model import ReferralCase


def case_reader(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, indexer: BlindIndexer
) -> Callable[[str], Awaitable[ReferralCase | None]]:
    async def read_case(case_id: str) -> ReferralCase | None:
        async with sessions() as session:
            return await ReferralCaseRepository(session, cipher, indexer).get(case_id)

    return read_case
