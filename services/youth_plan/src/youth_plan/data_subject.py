"""What youth_plan holds on a party of its cases (GDPR art. 15). Known only as a party id
within a case; the plan's measures and the breach ladder are the offender's own record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.data_subject import CaseParty, Holding, parties_asked_for
from youth_plan.adapters.orm import youth_cases

SERVICE = "youth_plan"
PURPOSE = "konfliktrådsloven §§22–36: the youth conference, the plan and its follow-up"


def holdings_reader(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[list[CaseParty]], Awaitable[list[Holding]]]:
    async def holdings(asked: list[CaseParty]) -> list[Holding]:
        async with sessions() as session:
            pairs = await parties_asked_for(
                session, youth_cases, asked, lambda party: party.get("party_id")
            )
        return [_holding(row, party) for row, party in pairs]

    return holdings


def _holding(row: Any, party: dict[str, Any]) -> Holding:
    offender = party.get("role") == "offender"
    return Holding(
        service=SERVICE,
        record="case party",
        record_id=row["case_id"],
        office=row["office"],
        case_id=row["case_id"],
        party_id=party["party_id"],
        purpose=PURPOSE,
        held={
            "role": party.get("role"),
            "reaction": str(row["reaction"]),
            "opened_at": row["opened_at"].isoformat(),
            # The plan, its measures and breaches are the offender's; others see their part.
            "measures": row["measures"] if offender else None,
            "breaches": row["breaches"] if offender else None,
            "ladder_stage": str(row["ladder_stage"]) if offender else None,
            "completed_on": row["completed_on"] and row["completed_on"].isoformat(),
            "interrupted_on": row["interrupted_on"] and row["interrupted_on"].isoformat(),
        },
    )
