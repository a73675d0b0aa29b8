"""Reads for the API: plain queries, no unit of work (nothing is changed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.crypto import FieldCipher
from mediation.adapters.repository import (
    MediationCaseRepository,
    MeetingNotesRepository,
    RosterRepository,
)
from mediation.domain.model import MediationCase
from mediation.domain.roster import RosterEntry


def roster_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[list[RosterEntry]]]:
    async def read_roster(office: str) -> list[RosterEntry]:
        async with sessions() as session:
            return await RosterRepository(session).list_for_office(office)

    return read_roster


def case_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str], Awaitable[MediationCase | None]]:
    async def read_case(case_id: str) -> MediationCase | None:
        async with sessions() as session:
            return await session.get(MediationCase, case_id)

    return read_case


def cases_lister(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[str, str | None], Awaitable[list[MediationCase]]]:
    async def list_cases(office: str, mediator_id: str | None) -> list[MediationCase]:
        async with sessions() as session:
            return await MediationCaseRepository(session).list_for(office, mediator_id)

    return list_cases


NOTES_READ = "meeting notes (konfliktrådsloven §9)"


def notes_reader(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, read_log: ReadLog
) -> Callable[[str, str], Awaitable[list[dict[str, Any]]]]:
    async def read_notes(case_id: str, meeting_id: str) -> list[dict[str, Any]]:
        await read_log(NOTES_READ, case_id)
        async with sessions() as session:
            notes = await MeetingNotesRepository(session, cipher).for_meeting(case_id, meeting_id)
        return [
            {"written_by": by, "written_at": at.isoformat(), "text": text} for by, at, text in notes
        ]

    return read_notes
