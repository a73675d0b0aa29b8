"""Reads for the API: no unit of work, nothing changes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from referral.adapters.orm import audit_entries, cases
from referral.adapters.repository import CaseFilter, ReferralCaseRepository
from referral.domain.audit import AuditEntry
from referral.domain.figures import IntakeFacts
from referral.domain.model import ReferralCase

CASE_READ = "case with its parties"


@dataclass(frozen=True)
class CaseViews:
    """`read_log` records each case loaded for a caller (found, before the office check: a
    refused attempt is in the audit chain too)."""

    sessions: async_sessionmaker[AsyncSession]
    cipher: FieldCipher
    indexer: BlindIndexer
    read_log: ReadLog | None = None

    def _repository(self, session: AsyncSession) -> ReferralCaseRepository:
        return ReferralCaseRepository(session, self.cipher, self.indexer)

    async def case(self, case_id: str) -> ReferralCase | None:
        async with self.sessions() as session:
            found = await self._repository(session).get(case_id)
        if found is not None and self.read_log is not None:
            await self.read_log(CASE_READ, case_id)
        return found

    async def search(self, by: CaseFilter) -> list[ReferralCase]:
        async with self.sessions() as session:
            found = await self._repository(session).search(by)
        if self.read_log is not None:
            await self.read_log.many(CASE_READ, [case.case_id for case in found])
        return found

    async def audit_trail(self, case_id: str) -> list[AuditEntry]:
        async with self.sessions() as session:
            return await self._repository(session).audit_trail(case_id)

    async def intake_facts(self, office: str) -> list[IntakeFacts]:
        """The plain columns the office's figures need: nothing sealed is opened."""
        rejected = (
            select(audit_entries.c.case_id, func.min(audit_entries.c.at).label("at"))
            .where(audit_entries.c.action == "rejected")
            .group_by(audit_entries.c.case_id)
            .subquery()
        )
        query = (
            select(cases.c.kind, cases.c.received_at, cases.c.withdrawn_on, rejected.c.at)
            .outerjoin(rejected, rejected.c.case_id == cases.c.case_id)
            .where(cases.c.office == office)
        )
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        return [IntakeFacts(row[0], row[1], row[3], row[2]) for row in rows]
