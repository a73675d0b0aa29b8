from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from uuid import uuid4

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from konfliktrad_shared.batch_scope import BatchScope, batch_scope
from konfliktrad_shared.crypto import FieldCipher
from mediation.adapters.orm import DOCUMENT_ATTRIBUTES, mediation_cases, meeting_notes, roster
from mediation.domain.mediators import MediatorStanding
from mediation.domain.model import MediationCase
from mediation.domain.roster import RosterEntry


class RosterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, RosterEntry] = {}

    def add(self, entry: RosterEntry) -> None:
        self._session.add(entry)
        self.seen[entry.mediator_id] = entry

    async def get(self, mediator_id: str) -> RosterEntry | None:
        entry = await self._session.get(RosterEntry, mediator_id)
        if entry is not None:
            self.seen[entry.mediator_id] = entry
        return entry

    async def standings(self, mediator_ids: Iterable[str]) -> dict[str, MediatorStanding | None]:
        found: dict[str, MediatorStanding | None] = {}
        for mediator_id in mediator_ids:
            entry = await self._session.get(RosterEntry, mediator_id)
            found[mediator_id] = entry.standing() if entry is not None else None
        return found

    async def list_for_office(self, office: str, limit: int = 500) -> list[RosterEntry]:
        statement = (
            select(RosterEntry)
            .where(roster.c.office == office)
            .order_by(roster.c.available_from)
            .limit(limit)
        )
        return list((await self._session.scalars(statement)).all())


class MediationCaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, MediationCase] = {}

    def add(self, case: MediationCase) -> None:
        self._session.add(case)
        if (batch := batch_scope(self._session)) is not None:
            batch.found[_by_id(case.case_id)] = case
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> MediationCase | None:
        batch = batch_scope(self._session)
        if batch is not None and _by_id(case_id) not in batch.found:
            await self._load_cases_of(batch)
        if batch is not None and _by_id(case_id) in batch.found:
            case = batch.found[_by_id(case_id)]
        else:
            case = await self._session.get(MediationCase, case_id)
        if case is not None:
            self.seen[case.case_id] = case
        return case

    async def _load_cases_of(self, batch: BatchScope) -> None:
        """Every case the batch's commands name, in one read; those not there are noted as
        absent (the batch's consumed messages would otherwise read them one at a time)."""
        wanted = {
            case_id
            for command in batch.commands
            if isinstance(case_id := getattr(command, "case_id", None), str)
            and _by_id(case_id) not in batch.found
        }
        if not wanted:
            return
        statement = select(MediationCase).where(mediation_cases.c.case_id.in_(sorted(wanted)))
        loaded = {case.case_id: case for case in (await self._session.scalars(statement)).all()}
        for case_id in wanted:
            batch.found[_by_id(case_id)] = loaded.get(case_id)

    def mark_changed(self) -> None:
        """The nested documents change in place, which SQLAlchemy cannot see by itself."""
        for case in self.seen.values():
            for attribute in DOCUMENT_ATTRIBUTES:
                flag_modified(case, attribute)

    async def list_for(self, office: str, mediator_id: str | None) -> list[MediationCase]:
        """The office's newest cases; with `mediator_id`, only those they are assigned to
        (filtered here: the mediators are a JSON list, portable between SQLite and PostgreSQL)."""
        statement = (
            select(MediationCase)
            .where(mediation_cases.c.office == office)
            .order_by(mediation_cases.c.opened_at.desc())
            .limit(500)
        )
        cases = (await self._session.scalars(statement)).all()
        return [c for c in cases if mediator_id is None or mediator_id in c.mediators]

    async def booked(self, office: str, mediator_ids: Sequence[str]) -> dict[str, list[datetime]]:
        """When each of these mediators is already booked: the starts of the office's meetings
        not yet held that they mediate (as the case's mediators). Read only: nothing loaded
        here is changed."""
        found: dict[str, list[datetime]] = {mediator_id: [] for mediator_id in mediator_ids}
        every_case = select(MediationCase).where(mediation_cases.c.office == office)
        for case in (await self._session.scalars(every_case)).all():
            pending = [m.starts_at for m in case.meetings if m.outcome is None]
            for mediator_id in set(case.mediators) & set(mediator_ids):
                found[mediator_id].extend(pending)
        return found


class MeetingNotesRepository:
    """Notes are sealed with the field cipher, bound to this table and column (§9)."""

    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher

    async def add(
        self, *, case_id: str, meeting_id: str, written_by: str, text: str, now: datetime
    ) -> str:
        note_id = str(uuid4())
        sealed = self._cipher.encrypt(text, table="meeting_notes", column="ciphertext")
        await self._session.execute(
            insert(meeting_notes).values(
                note_id=note_id,
                case_id=case_id,
                meeting_id=meeting_id,
                written_by=written_by,
                written_at=now,
                ciphertext=sealed,
            )
        )
        return note_id

    async def for_meeting(self, case_id: str, meeting_id: str) -> list[tuple[str, datetime, str]]:
        rows = await self._session.execute(
            select(meeting_notes)
            .where(meeting_notes.c.case_id == case_id, meeting_notes.c.meeting_id == meeting_id)
            .order_by(meeting_notes.c.written_at)
        )
        return [
            (
                row.written_by,
                row.written_at,
                self._cipher.decrypt(row.ciphertext, table="meeting_notes", column="ciphertext"),
            )
            for row in rows
        ]


def _by_id(case_id: str) -> tuple[str, str]:
    return ("mediation case", case_id)
