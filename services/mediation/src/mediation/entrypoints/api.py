"""HTTP → commands. Views only translate; the rules are in `domain/`.

No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
and the `Annotated` aliases they use are local to `router()`.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, status

from konfliktrad_shared.auth import Principal, visible_to
from mediation.domain.model import MediationCase, RosterEntry
from mediation.entrypoints.schemas import MediationCaseOut, RosterEntryOut

OFFICE_LEADER = "office_leader"
MEDIATOR = "mediator"


def router(
    read_roster: Callable[[str], Awaitable[list[RosterEntry]]],
    read_case: Callable[[str], Awaitable[MediationCase | None]],
    authenticate: Any,
) -> APIRouter:
    api = APIRouter()

    async def office_staff(principal: Annotated[Principal, Depends(authenticate())]) -> Principal:
        """An office leader or a mediator, of some office."""
        if not principal.roles & {OFFICE_LEADER, MEDIATOR} or principal.office is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"requires role {OFFICE_LEADER} or {MEDIATOR}"
            )
        return principal

    OfficeStaff = Annotated[Principal, Depends(office_staff)]

    @api.get("/roster", response_model=list[RosterEntryOut], tags=["roster"])
    async def get_roster(principal: OfficeStaff) -> list[RosterEntry]:
        """The mediators on the caller's own office's roster."""
        return await read_roster(principal.office or "")

    @api.get("/cases/{case_id}", response_model=MediationCaseOut, tags=["mediation cases"])
    async def get_case(case_id: str, principal: OfficeStaff) -> MediationCase:
        return visible_to(await read_case(case_id), principal, "case")

    return api
