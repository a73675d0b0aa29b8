from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared import deadlines
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.legal_time import start_of_day
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from vetting.adapters.repository import (
    ApplicationRepository,
    AppointmentRepository,
    CoverageExceptions,
)

TERM_EXPIRY = "vetting.term_expiry"


class VettingUnitOfWork(SqlAlchemyUnitOfWork):
    applications: ApplicationRepository
    appointments: AppointmentRepository
    coverage_exceptions: CoverageExceptions

    def __init__(self, *args: Any, cipher: FieldCipher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher

    def _open_repositories(self, session: AsyncSession) -> None:
        self.applications = ApplicationRepository(session, self._cipher)
        self.appointments = AppointmentRepository(session)
        self.coverage_exceptions = CoverageExceptions(session)

    def seen(self) -> Iterable[Aggregate]:
        return [*self.applications.seen.values(), *self.appointments.seen.values()]

    async def schedule_term_expiry(self, mediator_id: str, term_ends: date) -> None:
        """A durable deadline in this transaction: it fires once, whatever restarts between."""
        await deadlines.schedule(
            self.session,
            self._tables.deadlines,
            kind=TERM_EXPIRY,
            aggregate_id=mediator_id,
            due_at=start_of_day(term_ends),
            payload={"term_ends": term_ends.isoformat()},
        )
