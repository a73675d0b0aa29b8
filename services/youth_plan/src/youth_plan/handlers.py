"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol, TypeVar

from konfliktrad_shared.load_act_commit import load_act_await_commit, load_act_commit
from youth_plan.adapters.unit_of_work import YouthPlanUnitOfWork
from youth_plan.domain import commands as c
from youth_plan.domain.errors import CaseNotFound
from youth_plan.domain.model import YouthCase

T = TypeVar("T")


async def open_youth_case(cmd: c.OpenYouthCase, uow: YouthPlanUnitOfWork) -> YouthCase:
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
            decision_basis=cmd.decision_basis,
            offender_is_minor=cmd.offender_is_minor,
            parties=cmd.parties,
            offender_of_age_on=cmd.offender_of_age_on,
        )
        uow.cases.add(case)
        await uow.commit()
        return case


class OnCase(Protocol):
    @property
    def case_id(self) -> str: ...


C = TypeVar("C", bound=OnCase)
Step = Callable[[YouthCase, C, datetime], T]


def _missing(cmd: OnCase) -> Callable[[], CaseNotFound]:
    return lambda: CaseNotFound(cmd.case_id)


async def _load(uow: YouthPlanUnitOfWork, case_id: str) -> YouthCase | None:
    """The case, if the caller (`OnBehalfOf`) sees its office (the repository's rule)."""
    return await uow.cases.get(case_id)


def answering(act: Step[C, T]) -> Callable[[C, YouthPlanUnitOfWork], Awaitable[T]]:
    """A handler that loads the command's case, lets the case take the command, commits,
    and answers what the case answered."""

    async def handle(cmd: C, uow: YouthPlanUnitOfWork) -> T:
        now = uow.clock.now()
        return await load_act_commit(
            uow, lambda u: _load(u, cmd.case_id), lambda case: act(case, cmd, now), _missing(cmd)
        )

    return handle


def on_case(act: Step[C, object]) -> Callable[[C, YouthPlanUnitOfWork], Awaitable[YouthCase]]:
    """`answering`, answered with the case as it now is."""

    def step(case: YouthCase, cmd: C, now: datetime) -> YouthCase:
        act(case, cmd, now)
        return case

    return answering(step)


def any_time(act: Callable[[YouthCase, C], T]) -> Step[C, T]:
    """A step whose rule does not depend on the moment it is taken."""
    return lambda case, cmd, _now: act(case, cmd)


async def hold_conference_meeting(
    cmd: c.HoldConferenceMeeting, uow: YouthPlanUnitOfWork
) -> YouthCase:
    """The first meeting starts the execution period: its end is a deadline, scheduled in
    the same transaction."""

    async def act(case: YouthCase) -> YouthCase:
        started = case.hold_conference_meeting(cmd, uow.clock.now())
        if started and case.execution_ends is not None:
            await uow.schedule_completion(case.case_id, case.execution_ends)
        return case

    return await load_act_await_commit(uow, lambda u: _load(u, cmd.case_id), act, _missing(cmd))


async def correct_execution_period(
    cmd: c.CorrectExecutionPeriod, uow: YouthPlanUnitOfWork
) -> YouthCase | None:
    """A corrected referral reaches the case: the period's end moves (a new end-of-execution
    deadline; the old one finds the period still running and does nothing), or the refusal
    is recorded and published. A correction of a case this service does not run (mediation)
    is not for it."""
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        if case is None:
            return None
        moved = case.correct_execution_period(cmd, uow.clock.now())
        if moved and case.execution_ends is not None:
            await uow.schedule_completion(case.case_id, case.execution_ends)
        await uow.commit()
        return case


Handler = Callable[[Any, YouthPlanUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    c.OpenYouthCase: open_youth_case,
    c.ScheduleConference: on_case(any_time(YouthCase.schedule_conference)),
    c.HoldConferenceMeeting: hold_conference_meeting,
    c.ApproveYouthPlan: on_case(YouthCase.approve_plan),
    c.RecordNoPlanAgreement: on_case(YouthCase.record_no_plan_agreement),
    c.FormFollowUpTeam: on_case(YouthCase.form_follow_up_team),
    c.ImposeSubstanceBan: on_case(YouthCase.impose_substance_ban),
    c.LiftSubstanceBan: on_case(YouthCase.lift_substance_ban),
    c.RecordControl: on_case(any_time(YouthCase.record_control)),
    c.PostponeExecution: on_case(YouthCase.postpone),
    c.RecordBreach: answering(YouthCase.record_breach),
    c.SummonToBreachConversation: on_case(any_time(YouthCase.summon_to_breach_conversation)),
    c.HoldBreachConversation: on_case(YouthCase.hold_breach_conversation),
    c.SetConditions: on_case(YouthCase.set_conditions),
    c.DecideOnRepeatedBreach: answering(YouthCase.decide_on_repeated_breach),
    c.InterruptExecution: answering(any_time(YouthCase.interrupt_execution)),
    c.ReportNewCrime: answering(any_time(YouthCase.report_new_crime)),
    c.CompleteExecution: answering(YouthCase.complete),
    c.CorrectExecutionPeriod: correct_execution_period,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
