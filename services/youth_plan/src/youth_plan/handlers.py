"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from youth_plan.adapters.unit_of_work import YouthPlanUnitOfWork
from youth_plan.domain import commands
from youth_plan.domain.breach_ladder import LadderOutcome
from youth_plan.domain.errors import CaseNotFound
from youth_plan.domain.model import YouthCase


async def open_youth_case(cmd: commands.OpenYouthCase, uow: YouthPlanUnitOfWork) -> YouthCase:
    async with uow:
        existing = await uow.cases.get(cmd.case_id)
        if existing is not None:
            return existing  # a redelivered registration opens nothing new
        case = YouthCase.open(
            case_id=cmd.case_id,
            sender_reference=cmd.sender_reference,
            office=cmd.office,
            reaction=cmd.reaction,
            execution_months=cmd.execution_months,
            now=uow.clock.now(),
        )
        uow.cases.add(case)
        await uow.commit()
        return case


async def approve_youth_plan(cmd: commands.ApproveYouthPlan, uow: YouthPlanUnitOfWork) -> YouthCase:
    async with uow:
        case = await _get(uow, cmd.case_id)
        case.approve_plan(
            coordinator=cmd.approved_by_coordinator,
            offender=cmd.approved_by_offender,
            guardians=cmd.approved_by_guardians,
            now=uow.clock.now(),
        )
        await uow.commit()
        return case


async def record_breach(cmd: commands.RecordBreach, uow: YouthPlanUnitOfWork) -> LadderOutcome:
    async with uow:
        case = await _get(uow, cmd.case_id)
        outcome = case.record_breach(occurred_on=cmd.occurred_on, now=uow.clock.now())
        await uow.commit()
        return outcome


async def hold_breach_conversation(
    cmd: commands.HoldBreachConversation, uow: YouthPlanUnitOfWork
) -> YouthCase:
    async with uow:
        case = await _get(uow, cmd.case_id)
        case.hold_breach_conversation(held_on=cmd.held_on, now=uow.clock.now())
        await uow.commit()
        return case


async def _get(uow: YouthPlanUnitOfWork, case_id: str) -> YouthCase:
    case = await uow.cases.get(case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


Handler = Callable[[Any, YouthPlanUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.OpenYouthCase: open_youth_case,
    commands.ApproveYouthPlan: approve_youth_plan,
    commands.RecordBreach: record_breach,
    commands.HoldBreachConversation: hold_breach_conversation,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
