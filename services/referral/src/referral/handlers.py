"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import uuid4

from konfliktrad_shared.load_act_commit import load_act_await_commit
from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.domain import commands
from referral.domain.errors import CaseNotFound, NoCaseWithReference, ReferenceTaken
from referral.domain.model import CaseKind, ReferralCase


async def register_transferred_case(
    cmd: commands.RegisterTransferredCase, uow: ReferralUnitOfWork
) -> ReferralCase:
    async with uow:
        existing = await uow.cases.get_by_sender_reference(cmd.sender_reference, CaseKind.CRIMINAL)
        if existing is None:
            case = ReferralCase.receive(cmd, case_id=str(uuid4()), now=uow.clock.now())
            await uow.cases.add(case)
        elif existing.correct(cmd, uow.clock.now()):
            await uow.cases.save(existing)
        else:
            return existing  # the same referral delivered twice is one case
        await uow.commit()
        return case if existing is None else existing


async def withdraw_transferred_case(
    cmd: commands.WithdrawTransferredCase, uow: ReferralUnitOfWork
) -> ReferralCase:
    async with uow:
        case = await uow.cases.get_by_sender_reference(cmd.sender_reference, CaseKind.CRIMINAL)
        if case is None:
            raise NoCaseWithReference(cmd.sender_reference)
        if case.withdraw(cmd, uow.clock.now()):
            await uow.cases.save(case)
            await uow.commit()
        return case


async def register_civil_case(
    cmd: commands.RegisterCivilCase, uow: ReferralUnitOfWork
) -> ReferralCase:
    async with uow:
        existing = await uow.cases.get_by_sender_reference(cmd.sender_reference, CaseKind.CIVIL)
        if existing is not None:
            if existing.office in cmd.caller_offices or (
                await uow.cases.filed_by(existing.case_id) == cmd.actor
            ):
                return existing  # filed twice (a retried request) is one case
            raise ReferenceTaken(cmd.sender_reference)  # says nothing of whose
        case = ReferralCase.file_civil(cmd, case_id=str(uuid4()), now=uow.clock.now())
        await uow.cases.add(case)
        await uow.commit()
        return case


def on_case(act: Callable[[ReferralCase, Any, Any], None]) -> Handler:
    """A handler that loads the command's case, lets it decide, and saves it. A case the
    caller does not see (`OnBehalfOf`) is refused like a missing one, on this one load."""

    async def handle(cmd: Any, uow: ReferralUnitOfWork) -> ReferralCase:
        async def step(case: ReferralCase) -> ReferralCase:
            act(case, cmd, uow.clock.now())
            await uow.cases.save(case)
            return case

        return await load_act_await_commit(
            uow, lambda u: _visible_case(u, cmd.case_id), step, lambda: CaseNotFound(cmd.case_id)
        )

    return handle


async def _visible_case(uow: ReferralUnitOfWork, case_id: str) -> ReferralCase | None:
    case = await uow.cases.get(case_id)
    return case if case is not None and uow.visible_case(case) else None


async def record_execution_end(
    cmd: commands.RecordExecutionEnd, uow: ReferralUnitOfWork
) -> ReferralCase | None:
    """youth_plan's end date, kept so the referral API shows the case's one end date."""
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        if case is None or not case.record_execution_end(cmd.ends_on):
            return case
        await uow.cases.save(case)
        await uow.commit()
        return case


Handler = Callable[[Any, ReferralUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.RegisterTransferredCase: register_transferred_case,
    commands.WithdrawTransferredCase: withdraw_transferred_case,
    commands.RegisterCivilCase: register_civil_case,
    commands.DecideSuitability: on_case(ReferralCase.decide_suitability),
    commands.PostponeCase: on_case(ReferralCase.postpone),
    commands.ProposeMove: on_case(ReferralCase.propose_move),
    commands.AnswerMove: on_case(ReferralCase.answer_move),
    commands.SecretariatDecidesMove: on_case(ReferralCase.secretariat_decides_move),
    commands.ScreenCase: on_case(ReferralCase.screen),
    commands.RecordExecutionEnd: record_execution_end,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
