"""HTTP → commands. Views only translate; the rules are in `domain/`."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import ExceptionHandler
from youth_plan.domain import commands
from youth_plan.domain.errors import CaseNotFound
from youth_plan.domain.model import YouthCase
from youth_plan.entrypoints.schemas import (
    BreachConversationIn,
    BreachIn,
    LadderOutcomeOut,
    PlanApprovalIn,
    YouthCaseOut,
)

COORDINATOR = "youth_coordinator"


def router(
    bus: MessageBus,
    read_case: Callable[[str], Awaitable[YouthCase | None]],
    authenticate: Any,
) -> APIRouter:
    api = APIRouter(prefix="/cases", tags=["youth cases"])
    Coordinator = Annotated[Principal, Depends(authenticate(COORDINATOR))]

    async def authorised_case(case_id: str, principal: Principal) -> YouthCase:
        return visible_to(await read_case(case_id), principal, "case")

    @api.get("/{case_id}", response_model=YouthCaseOut)
    async def get_case(case_id: str, principal: Coordinator) -> YouthCase:
        return await authorised_case(case_id, principal)

    @api.post("/{case_id}/plan-approvals", response_model=YouthCaseOut)
    async def approve_plan(case_id: str, body: PlanApprovalIn, principal: Coordinator) -> YouthCase:
        await authorised_case(case_id, principal)
        result: YouthCase = await bus.handle(
            commands.ApproveYouthPlan(case_id, **body.model_dump())
        )
        return result

    @api.post("/{case_id}/breaches", response_model=LadderOutcomeOut, status_code=201)
    async def record_breach(case_id: str, body: BreachIn, principal: Coordinator) -> Any:
        await authorised_case(case_id, principal)
        return await bus.handle(commands.RecordBreach(case_id, body.occurred_on, body.obligation))

    @api.post("/{case_id}/breach-conversations", response_model=YouthCaseOut, status_code=201)
    async def hold_breach_conversation(
        case_id: str, body: BreachConversationIn, principal: Coordinator
    ) -> YouthCase:
        await authorised_case(case_id, principal)
        result: YouthCase = await bus.handle(commands.HoldBreachConversation(case_id, body.held_on))
        return result

    return api


async def _not_found(_request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": "no such case"})


EXCEPTION_HANDLERS: dict[type[Exception], ExceptionHandler] = {CaseNotFound: _not_found}
