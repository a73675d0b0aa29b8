"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from konfliktrad_shared.load_act_commit import load_act_commit
from youth_plan.adapters.unit_of_work import YouthPlanUnitOfWork
from youth_plan.domain import commands as c
from youth_plan.domain.breach_ladder import LadderOutcome
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


async def _load(uow: YouthPlanUnitOfWork, case_id: str) -> YouthCase | None:
    return await uow.cases.get(case_id)


async def _step(uow: YouthPlanUnitOfWork, case_id: str, act: Callable[[YouthCase], T]) -> T:
    """Load the case, take one step on it, commit; the step's answer."""
    return await load_act_commit(
        uow, lambda u: _load(u, case_id), act, missing=lambda: CaseNotFound(case_id)
    )


def _returning_case(act: Callable[[YouthCase], object]) -> Callable[[YouthCase], YouthCase]:
    def step(case: YouthCase) -> YouthCase:
        act(case)
        return case

    return step


async def schedule_conference(cmd: c.ScheduleConference, uow: YouthPlanUnitOfWork) -> YouthCase:
    return await _step(
        uow,
        cmd.case_id,
        _returning_case(lambda case: case.schedule_conference(starts_at=cmd.starts_at)),
    )


async def hold_conference_meeting(
    cmd: c.HoldConferenceMeeting, uow: YouthPlanUnitOfWork
) -> YouthCase:
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        if case is None:
            raise CaseNotFound(cmd.case_id)
        started = case.hold_conference_meeting(
            held_on=cmd.held_on,
            attendees=cmd.attendees,
            temporary_guardian_decision=cmd.temporary_guardian_decision,
            now=uow.clock.now(),
        )
        if started and case.execution_ends is not None:
            await uow.schedule_completion(case.case_id, case.execution_ends)
        await uow.commit()
        return case


async def approve_youth_plan(cmd: c.ApproveYouthPlan, uow: YouthPlanUnitOfWork) -> YouthCase:
    def act(case: YouthCase) -> None:
        case.approve_plan(
            coordinator=cmd.approved_by_coordinator,
            offender=cmd.approved_by_offender,
            guardians=cmd.approved_by_guardians,
            measures=cmd.measures,
            now=uow.clock.now(),
        )

    return await _step(uow, cmd.case_id, _returning_case(act))


async def record_no_plan_agreement(
    cmd: c.RecordNoPlanAgreement, uow: YouthPlanUnitOfWork
) -> YouthCase:
    act = _returning_case(lambda case: case.record_no_plan_agreement(now=uow.clock.now()))
    return await _step(uow, cmd.case_id, act)


async def form_follow_up_team(cmd: c.FormFollowUpTeam, uow: YouthPlanUnitOfWork) -> YouthCase:
    def act(case: YouthCase) -> None:
        case.form_follow_up_team(
            members=cmd.members,
            now=uow.clock.now(),
            guardians_not_members_reason=cmd.guardians_not_members_reason,
        )

    return await _step(uow, cmd.case_id, _returning_case(act))


async def impose_substance_ban(cmd: c.ImposeSubstanceBan, uow: YouthPlanUnitOfWork) -> YouthCase:
    def act(case: YouthCase) -> None:
        case.impose_substance_ban(necessity=cmd.necessity, now=uow.clock.now())

    return await _step(uow, cmd.case_id, _returning_case(act))


async def lift_substance_ban(cmd: c.LiftSubstanceBan, uow: YouthPlanUnitOfWork) -> YouthCase:
    act = _returning_case(lambda case: case.lift_substance_ban(now=uow.clock.now()))
    return await _step(uow, cmd.case_id, act)


async def record_control(cmd: c.RecordControl, uow: YouthPlanUnitOfWork) -> YouthCase:
    act = _returning_case(lambda case: case.record_control(kind=cmd.kind, on=cmd.on))
    return await _step(uow, cmd.case_id, act)


async def postpone_execution(cmd: c.PostponeExecution, uow: YouthPlanUnitOfWork) -> YouthCase:
    act = _returning_case(lambda case: case.postpone(reason=cmd.reason, now=uow.clock.now()))
    return await _step(uow, cmd.case_id, act)


async def summon_to_breach_conversation(
    cmd: c.SummonToBreachConversation, uow: YouthPlanUnitOfWork
) -> YouthCase:
    act = _returning_case(lambda case: case.summon_to_breach_conversation(starts_at=cmd.starts_at))
    return await _step(uow, cmd.case_id, act)


async def hold_breach_conversation(
    cmd: c.HoldBreachConversation, uow: YouthPlanUnitOfWork
) -> YouthCase:
    def act(case: YouthCase) -> None:
        case.hold_breach_conversation(
            held_on=cmd.held_on, attended=cmd.attended, now=uow.clock.now()
        )

    return await _step(uow, cmd.case_id, _returning_case(act))


async def set_conditions(cmd: c.SetConditions, uow: YouthPlanUnitOfWork) -> YouthCase:
    def act(case: YouthCase) -> None:
        case.set_conditions(
            conditions=cmd.conditions,
            necessity=cmd.necessity,
            consents=cmd.consents,
            now=uow.clock.now(),
        )

    return await _step(uow, cmd.case_id, _returning_case(act))


async def interrupt_execution(cmd: c.InterruptExecution, uow: YouthPlanUnitOfWork) -> str:
    return await _step(
        uow, cmd.case_id, lambda case: case.interrupt_execution(grounds=cmd.grounds, on=cmd.on)
    )


async def report_new_crime(cmd: c.ReportNewCrime, uow: YouthPlanUnitOfWork) -> str:
    return await _step(
        uow,
        cmd.case_id,
        lambda case: case.report_new_crime(
            stage=cmd.stage,
            on=cmd.on,
            coordinator_requests_court=cmd.coordinator_requests_court,
            consents=cmd.consents,
        ),
    )


async def record_breach(cmd: c.RecordBreach, uow: YouthPlanUnitOfWork) -> LadderOutcome:
    now = uow.clock.now()
    return await _step(
        uow,
        cmd.case_id,
        lambda case: case.record_breach(
            occurred_on=cmd.occurred_on,
            obligation=cmd.obligation,
            intentional_or_negligent=cmd.intentional_or_negligent,
            decision=cmd.decision,
            now=now,
        ),
    )


async def decide_on_repeated_breach(
    cmd: c.DecideOnRepeatedBreach, uow: YouthPlanUnitOfWork
) -> LadderOutcome:
    now = uow.clock.now()
    return await _step(
        uow,
        cmd.case_id,
        lambda case: case.decide_on_repeated_breach(decision=cmd.decision, now=now),
    )


async def complete_execution(cmd: c.CompleteExecution, uow: YouthPlanUnitOfWork) -> bool:
    now = uow.clock.now()
    return await _step(uow, cmd.case_id, lambda case: case.complete(now=now))


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
        moved = case.correct_execution_period(months=cmd.execution_months, now=uow.clock.now())
        if moved and case.execution_ends is not None:
            await uow.schedule_completion(case.case_id, case.execution_ends)
        await uow.commit()
        return case


Handler = Callable[[Any, YouthPlanUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    c.OpenYouthCase: open_youth_case,
    c.ScheduleConference: schedule_conference,
    c.HoldConferenceMeeting: hold_conference_meeting,
    c.ApproveYouthPlan: approve_youth_plan,
    c.RecordNoPlanAgreement: record_no_plan_agreement,
    c.FormFollowUpTeam: form_follow_up_team,
    c.ImposeSubstanceBan: impose_substance_ban,
    c.LiftSubstanceBan: lift_substance_ban,
    c.RecordControl: record_control,
    c.PostponeExecution: postpone_execution,
    c.RecordBreach: record_breach,
    c.SummonToBreachConversation: summon_to_breach_conversation,
    c.HoldBreachConversation: hold_breach_conversation,
    c.SetConditions: set_conditions,
    c.DecideOnRepeatedBreach: decide_on_repeated_breach,
    c.InterruptExecution: interrupt_execution,
    c.ReportNewCrime: report_new_crime,
    c.CompleteExecution: complete_execution,
    c.CorrectExecutionPeriod: correct_execution_period,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
