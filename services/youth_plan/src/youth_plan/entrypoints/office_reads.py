"""Reads for the staff's screens, scoped to the caller's office: the steps the breach ladder
allows next for a case, and each case's next deadline. The domain computes both; these
views only translate."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.clock import Clock
from youth_plan.domain import figures, ladder_next, next_deadline
from youth_plan.domain.model import YouthCase
from youth_plan.entrypoints import schemas as s
from youth_plan.entrypoints.api import COORDINATOR

NORWAY = ZoneInfo("Europe/Oslo")


def router(
    read_case: Callable[[str], Awaitable[YouthCase | None]],
    list_cases: Callable[[frozenset[str]], Awaitable[list[YouthCase]]],
    authenticate: Any,
    clock: Clock,
) -> APIRouter:
    api = APIRouter(tags=["youth cases"])
    Coordinator = Annotated[Principal, Depends(authenticate(COORDINATOR))]

    @api.get("/cases/{case_id}/ladder-steps", response_model=list[s.AllowedStepOut])
    async def ladder_steps(case_id: str, who: Coordinator) -> Any:
        """§31, §33, §36 second para: the steps the Act allows next, today, with the consents
        each needs and its provision."""
        case = visible_to(await read_case(case_id), who, "case")
        today = clock.now().astimezone(NORWAY).date()  # the coordinator's calendar day
        return ladder_next.allowed_next_steps(case, today)

    Overseer = Annotated[Principal, Depends(authenticate.any_of(COORDINATOR, "office_leader"))]

    @api.get("/deadlines", response_model=list[s.NextDeadlineOut])
    async def deadlines(who: Overseer) -> Any:
        """Each of the office's youth cases' next deadline and its provision (§23), for its
        youth coordinators and for the office leader who oversees the office's deadlines."""
        found = (next_deadline.next_deadline(c) for c in await list_cases(who.visible_offices()))
        return [deadline for deadline in found if deadline is not None]

    Leader = Annotated[Principal, Depends(authenticate("office_leader"))]

    @api.get("/figures", tags=["figures"])
    async def office_figures(who: Leader) -> dict[str, Any]:
        """The office's youth cases received and closed, by reaction and outcome, and the days
        to the youth conference and to closure, per month: counts and averages only."""
        office = who.office or ""
        return figures.per_month(office, await list_cases(frozenset({office})))

    return api
