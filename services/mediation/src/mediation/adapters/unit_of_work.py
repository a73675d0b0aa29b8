from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared import deadlines
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from mediation.adapters.repository import (
    MediationCaseRepository,
    MeetingNotesRepository,
    RosterRepository,
)


class MediationUnitOfWork(SqlAlchemyUnitOfWork):
    roster: RosterRepository
    cases: MediationCaseRepository
    notes: MeetingNotesRepository

    def __init__(self, *args: Any, cipher: FieldCipher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher

    def _open_repositories(self, session: AsyncSession) -> None:
        self.roster = RosterRepository(session)
        self.cases = MediationCaseRepository(session)
        self.notes = MeetingNotesRepository(session, self._cipher)

    def seen(self) -> Iterable[Aggregate]:
        return chain(self.roster.seen.values(), self.cases.seen.values())

    async def schedule_deadline(
        self, kind: str, case_id: str, due_at: datetime, payload: dict[str, Any]
    ) -> None:
        """In this transaction: the deadline exists exactly when the decision does."""
        await deadlines.schedule(
            self.session,
            self._tables.deadlines,
            kind=kind,
            aggregate_id=case_id,
            due_at=due_at,
            payload=payload,
        )

    async def commit(self) -> None:
        self.cases.mark_changed()
        await super().commit()
