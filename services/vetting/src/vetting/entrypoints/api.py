"""HTTP → commands. Views only translate; the rules are in `domain/`.

No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
and the `Annotated` aliases they use are local to `router()`.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import uuid4

from fastapi import APIRouter, Depends, HTTPException, status

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.messagebus import MessageBus
from vetting.domain import commands
from vetting.domain.model import Mediator
from vetting.entrypoints.schemas import MediatorIn, MediatorOut

OFFICE_LEADER = "office_leader"


def router(
    bus: MessageBus,
    read_mediator: Callable[[str], Awaitable[Mediator | None]],
    authenticate: Any,
) -> APIRouter:
    api = APIRouter(prefix="/mediators", tags=["mediators"])
    OfficeLeader = Annotated[Principal, Depends(authenticate(OFFICE_LEADER))]

    @api.post("", response_model=MediatorOut, status_code=201)
    async def appoint_mediator(body: MediatorIn, principal: OfficeLeader) -> Mediator:
        if body.office != principal.office:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "not the leader of that office")
        command = commands.AppointMediator(mediator_id=str(uuid4()), **body.model_dump())
        result: Mediator = await bus.handle(command)
        return result

    @api.get("/{mediator_id}", response_model=MediatorOut)
    async def get_mediator(mediator_id: str, principal: OfficeLeader) -> Mediator:
        return visible_to(await read_mediator(mediator_id), principal, "mediator")

    return api
