from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared import deadlines
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork, Viewer
from mediation.adapters.repository import (
    MediationCaseRepository,
    MeetingNotesRepository,
    RosterRepository,
)
from mediation.domain.model import MediationCase
from mediation.domain.staff import Staff


def _every_case(_case: MediationCase) -> bool:
    return True


class MediationUnitOfWork(SqlAlchemyUnitOfWork):
    roster: RosterRepository
    cases: MediationCaseRepository
    notes: MeetingNotesRepository

    def __init__(self, *args: Any, cipher: FieldCipher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher
        # A consumed message or a deadline acts for the service and sees every case.
        self.visible_case: Callable[[MediationCase], bool] = _every_case

    def act_for(self, viewer: Viewer) -> None:
        """Mediation's rule of visibility is finer than the office's: a mediator sees only
        the cases they are assigned to, so only its own staff's `Staff` can be acted for."""
        if not isinstance(viewer, Staff):
            raise TypeError("mediation acts on behalf of its office staff (Staff) only")
        super().act_for(viewer)
        self.visible_case = viewer.sees_case

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
