"""What mediation holds on a party of its cases (GDPR art. 15). Mediation knows a person only
as a party id within a case; the notes' words stay with the office, which reviews them for
what the other party said before handing them over (GDPR art. 15(4), konfliktrådsloven §9)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.data_subject import CaseParty, Holding, parties_asked_for
from mediation.adapters.orm import mediation_cases, meeting_notes

SERVICE = "mediation"
PURPOSE = "konfliktrådsloven §§11–20: the meetings and agreements of the case"


def holdings_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[list[CaseParty]], Awaitable[list[Holding]]]:
    async def holdings(asked: list[CaseParty]) -> list[Holding]:
        async with sessions() as session:
            found = []
            for row, party in await parties_asked_for(
                session, mediation_cases, asked, lambda party: party.party_id
            ):
                notes = await session.scalar(
                    select(func.count()).where(meeting_notes.c.case_id == row["case_id"])
                )
                found.append(_holding(row, party, notes or 0))
        return found

    return holdings


def _holding(row: Any, party: Any, notes: int) -> Holding:
    return Holding(
        service=SERVICE,
        record="case party",
        record_id=row["case_id"],
        office=row["office"],
        case_id=row["case_id"],
        party_id=party.party_id,
        purpose=PURPOSE,
        held={
            "role": party.role.value,
            "is_minor": party.is_minor,
            "reaction": str(row["reaction"]),
            "opened_at": row["opened_at"].isoformat(),
            "meetings": [
                {"kind": str(meeting.kind), "starts_at": meeting.starts_at.isoformat()}
                for meeting in row["meetings"]
            ],
            "agreements": len(row["agreements"]),
            "meeting_notes": notes,
        },
    )
