from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import FieldCipher
from vetting.adapters import sealing
from vetting.adapters.orm import applications, appointments, coverage_exceptions
from vetting.domain.model import Application, Appointment
from vetting.domain.vocabulary import Role


class AppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, Appointment] = {}

    def add(self, appointment: Appointment) -> None:
        self._session.add(appointment)
        self.seen[appointment.mediator_id] = appointment

    async def get(self, mediator_id: str) -> Appointment | None:
        appointment = await self._session.get(Appointment, mediator_id)
        if appointment is not None:
            self.seen[appointment.mediator_id] = appointment
        return appointment

    async def for_application(self, application_id: str) -> Appointment | None:
        found = await self._session.scalars(
            select(Appointment).where(appointments.c.application_id == application_id)
        )
        return found.first()


class ApplicationRepository:
    """A data mapper: the candidate's facts are sealed in one column."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher
        self.seen: dict[str, Application] = {}

    async def add(self, application: Application) -> None:
        await self._session.execute(
            insert(applications).values(
                application_id=application.application_id,
                office=application.office,
                role=application.role.value,
                municipality=application.municipality,
                employed=application.employed,
                received_at=application.received_at,
                candidate_sealed=sealing.seal(self._cipher, application.candidate),
            )
        )
        self.seen[application.application_id] = application

    async def save(self, application: Application) -> None:
        await self._session.execute(
            update(applications)
            .where(applications.c.application_id == application.application_id)
            .values(candidate_sealed=sealing.seal(self._cipher, application.candidate))
        )

    async def get(self, application_id: str) -> Application | None:
        row = (
            await self._session.execute(
                select(applications).where(applications.c.application_id == application_id)
            )
        ).first()
        if row is None:
            return None
        application = Application(
            application_id=row.application_id,
            office=row.office,
            role=Role(row.role),
            municipality=row.municipality,
            employed=row.employed,
            candidate=sealing.unseal(self._cipher, row.candidate_sealed),
            received_at=row.received_at,
        )
        self.seen[application_id] = application
        return application


class CoverageExceptions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, office: str, municipality: str, reason: str, at: datetime) -> None:
        """A later record for the same municipality replaces the earlier one."""
        table = coverage_exceptions
        await self._session.execute(
            delete(table).where(table.c.office == office, table.c.municipality == municipality)
        )
        await self._session.execute(
            insert(coverage_exceptions).values(
                office=office, municipality=municipality, reason=reason, recorded_at=at
            )
        )
