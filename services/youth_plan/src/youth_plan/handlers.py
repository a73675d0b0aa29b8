"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

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


async def _step(uow: YouthPlanUnitOfWork, case_id: str, act: Callable[[YouthCase], T]) -> T:
    """Load the case, take one step on it, commit; the step's answer."""
    async with uow:
        case = await uow.cases.get(case_id)
        if case is None:
            raise CaseNotFound(case_id)
        result = act(case)
        await uow.commit()
        return result


async def schedule_conference(cmd: c.ScheduleConference, uow: YouthPlanUnitOfWork) -> YouthCase:
    def act(case: YouthCase) -> YouthCase:
        case.schedule_conference(starts_at=cmd.starts_at)
        return case

    return await _step(uow, cmd.case_id, act)


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


def _returning_case(step: Callable[[YouthCase, Any, Any], None]) -> Any:
    async def handle(cmd: Any, uow: YouthPlanUnitOfWork) -> YouthCase:
        def act(case: YouthCase) -> YouthCase:
            step(case, cmd, uow.clock.now())
            return case

        return await _step(uow, cmd.case_id, act)

    return handle


approve_youth_plan = _returning_case(
    lambda case, cmd, now: case.approve_plan(
        coordinator=cmd.approved_by_coordinator,
        offender=cmd.approved_by_offender,
        guardians=cmd.approved_by_guardians,
        measures=cmd.measures,
        now=now,
    )
)
record_no_plan_agreement = _returning_case(
    lambda case, cmd, now: case.record_no_plan_agreement(now=now)
)
form_follow_up_team = _returning_case(
    lambda case, cmd, now: case.form_follow_up_team(
        members=cmd.members,
        now=now,
        guardians_not_members_reason=cmd.guardians_not_members_reason,
    )
)
impose_substance_ban = _returning_case(
    lambda case, cmd, now: case.impose_substance_ban(necessity=cmd.necessity, now=now)
)
lift_substance_ban = _returning_case(lambda case, cmd, now: case.lift_substance_ban(now=now))
record_control = _returning_case(
    lambda case, cmd, now: case.record_control(kind=cmd.kind, on=cmd.on)
)
postpone_execution = _returning_case(
    lambda case, cmd, now: case.postpone(reason=cmd.reason, now=now)
)
summon_to_breach_conversation = _returning_case(
    lambda case, cmd, now: case.summon_to_breach_conversation(starts_at=cmd.starts_at)
)
hold_breach_conversation = _returning_case(
    lambda case, cmd, now: case.hold_breach_conversation(
        held_on=cmd.held_on, attended=cmd.attended, now=now
    )
)
set_conditions = _returning_case(
    lambda case, cmd, now: case.set_conditions(
        conditions=cmd.conditions, necessity=cmd.necessity, consents=cmd.consents, now=now
    )
)


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


async def record_breach(cmd: c.RecordBreach, uow: YouthPlanUnitOfWork) -> Any:
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


async def decide_on_repeated_breach(cmd: c.DecideOnRepeatedBreach, uow: YouthPlanUnitOfWork) -> Any:
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
