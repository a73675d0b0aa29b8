"""Reads for the API: no unit of work, nothing changes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from referral.adapters.repository import CaseFilter, ReferralCaseRepository
from referral.domain.audit import AuditEntry
from referral.domain.model import ReferralCase


@dataclass(frozen=True)
class CaseViews:
    sessions: async_sessionmaker[AsyncSession]
    cipher: FieldCipher
    indexer: BlindIndexer

    def _repository(self, session: AsyncSession) -> ReferralCaseRepository:
        return ReferralCaseRepository(session, self.cipher, self.indexer)

    async def case(self, case_id: str) -> ReferralCase | None:
        async with self.sessions() as session:
            return await self._repository(session).get(case_id)

    async def search(self, by: CaseFilter) -> list[ReferralCase]:
        async with self.sessions() as session:
            return await self._repository(session).search(by)

    async def audit_trail(self, case_id: str) -> list[AuditEntry]:
        async with self.sessions() as session:
            return await self._repository(session).audit_trail(case_id)
