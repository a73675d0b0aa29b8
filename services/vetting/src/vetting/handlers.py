"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from vetting.adapters.unit_of_work import VettingUnitOfWork
from vetting.domain import commands
from vetting.domain.model import Mediator


async def appoint_mediator(cmd: commands.AppointMediator, uow: VettingUnitOfWork) -> Mediator:
    async with uow:
        existing = await uow.mediators.get(cmd.mediator_id)
        if existing is not None:
            return existing  # a retried request appoints nothing new
        mediator = Mediator.appoint(cmd, now=uow.clock.now())
        uow.mediators.add(mediator)
        await uow.commit()
        return mediator


Handler = Callable[[Any, VettingUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.AppointMediator: appoint_mediator,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
