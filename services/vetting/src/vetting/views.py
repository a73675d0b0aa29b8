"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.legal_time import norwegian_date
from vetting.adapters import sealing
from vetting.adapters.orm import applications, appointments, coverage_exceptions
from vetting.adapters.repository import ApplicationRepository
from vetting.domain import coverage, diversity, offices
from vetting.domain.model import Application, Appointment
from vetting.domain.vocabulary import Role

CANDIDATE_READ = "candidate's application and police certificate"


@dataclass
class Views:
    sessions: async_sessionmaker[AsyncSession]
    cipher: FieldCipher
    clock: Clock
    read_log: ReadLog | None = None

    def today(self) -> date:
        return norwegian_date(self.clock.now())

    async def application(self, application_id: str) -> Application | None:
        async with self.sessions() as session:
            found = await ApplicationRepository(session, self.cipher).get(application_id)
        if found is not None and self.read_log is not None:
            await self.read_log(CANDIDATE_READ, application_id)
        return found

    async def appointment(self, mediator_id: str) -> Appointment | None:
        async with self.sessions() as session:
            return await session.get(Appointment, mediator_id)

    async def appointments(self, office: str) -> list[Appointment]:
        async with self.sessions() as session:
            query = select(Appointment).where(appointments.c.office == office)
            return list((await session.scalars(query)).all())

    async def coverage(self, office: str) -> coverage.CoverageReport:
        today = self.today()
        mediators = [
            appointment.municipality
            for appointment in await self.appointments(office)
            if appointment.role is Role.MEDIATOR and appointment.active_on(today)
        ]
        async with self.sessions() as session:
            rows = await session.execute(
                select(coverage_exceptions).where(coverage_exceptions.c.office == office)
            )
            exceptions = {row.municipality: row.reason for row in rows}
        return coverage.report(office, offices.covered_by(office), mediators, exceptions)

    async def composition(self, office: str) -> diversity.Composition:
        """Of the office's current mediators; each sealed record is opened only to be counted."""
        today = self.today()
        current = {
            appointment.application_id
            for appointment in await self.appointments(office)
            if appointment.role is Role.MEDIATOR and appointment.active_on(today)
        }
        async with self.sessions() as session:
            rows = await session.execute(
                select(applications.c.application_id, applications.c.candidate_sealed).where(
                    applications.c.office == office
                )
            )
            candidates = [
                sealing.unseal(self.cipher, row.candidate_sealed)
                for row in rows
                if row.application_id in current
            ]
        members = (
            diversity.Member(c.birth_date, c.gender, c.occupation, c.background) for c in candidates
        )
        return diversity.composition(members, on=today)
