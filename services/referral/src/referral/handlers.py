"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import uuid4

from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.domain import commands
from referral.domain.model import ReferralCase


async def register_transferred_case(
    cmd: commands.RegisterTransferredCase, uow: ReferralUnitOfWork
) -> ReferralCase:
    async with uow:
        existing = await uow.cases.get_by_sender_reference(cmd.sender_reference)
        if existing is not None:
            return existing  # the same referral delivered twice is one case
        case = ReferralCase.receive(cmd, case_id=str(uuid4()), now=uow.clock.now())
        await uow.cases.add(case)
        await uow.commit()
        return case


Handler = Callable[[Any, ReferralUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.RegisterTransferredCase: register_transferred_case,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
