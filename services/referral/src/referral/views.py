"""Reads for the API: no unit of work, nothing changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from referral.adapters.repository import ReferralCaseRepository
from referral.domain.model import ReferralCase

CaseLookup = Callable[[str], Awaitable[ReferralCase | None]]


def case_readers(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, indexer: BlindIndexer
) -> tuple[CaseLookup, CaseLookup]:
    """Look-ups by case id and by the sender's reference."""

    async def by_case_id(case_id: str) -> ReferralCase | None:
        async with sessions() as session:
            return await ReferralCaseRepository(session, cipher, indexer).get(case_id)

    async def by_sender_reference(reference: str) -> ReferralCase | None:
        async with sessions() as session:
            repository = ReferralCaseRepository(session, cipher, indexer)
            return await repository.get_by_sender_reference(reference)

    return by_case_id, by_sender_reference
