"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from konfliktrad_shared.load_act_commit import load_act_await_commit
from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.domain import commands, events
from mediation.domain.agreements import MediatorDecision
from mediation.domain.errors import CaseNotFound
from mediation.domain.model import MediationCase
from mediation.domain.terms import NORWAY
from mediation.domain.vocabulary import NotHeldBecause
from mediation.roster_handlers import (
    add_mediator_to_roster,
    end_mediator_term,
    renew_mediator_term,
)
from mediation.screening_handlers import screen_case

WITHDRAWAL_PERIOD_ENDS = "mediation.withdrawal_period_ends"
PERFORMANCE_DUE = "mediation.performance_due"
REMINDER_DAYS_BEFORE = 3  # a reminder at 09:00 Oslo time three days before a due date
T = TypeVar("T")


async def _visible_case(uow: MediationUnitOfWork, case_id: str) -> MediationCase | None:
    """The case, if the caller (`OnBehalfOf`) sees it: the office and mediator check is this
    one load, in the handler's transaction."""
    case = await uow.cases.get(case_id)
    return case if case is not None and uow.visible_case(case) else None


async def _step(
    uow: MediationUnitOfWork, case_id: str, act: Callable[[MediationCase], Awaitable[T]]
) -> T:
    """Load the case the caller sees, take one step on it, commit; the step's answer."""
    return await load_act_await_commit(
        uow, lambda u: _visible_case(u, case_id), act, missing=CaseNotFound
    )


async def open_mediation_case(
    cmd: commands.OpenMediationCase, uow: MediationUnitOfWork
) -> MediationCase:
    async with uow:
        existing = await uow.cases.get(cmd.case_id)
        if existing is not None:
            await uow.commit()  # records only the inbox row: the case is already open
            return existing
        case = MediationCase.open(
            case_id=cmd.case_id,
            office=cmd.office,
            reaction=cmd.reaction,
            now=uow.clock.now(),
            decision_basis=cmd.decision_basis,
            parties=cmd.parties,
        )
        uow.cases.add(case)
        await uow.commit()
        return case


async def move_case(cmd: commands.MoveCase, uow: MediationUnitOfWork) -> None:
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        if case is not None:  # not a mediation case: nothing here to move
            case.move_to(cmd.to_office)
        await uow.commit()


async def assign_mediators(cmd: commands.AssignMediators, uow: MediationUnitOfWork) -> None:
    async def act(case: MediationCase) -> None:
        standings = await uow.roster.standings(cmd.mediator_ids)
        case.assign_mediators(cmd.mediator_ids, cmd.lead_mediator, standings, uow.clock.now())

    await _step(uow, cmd.case_id, act)


async def schedule_meeting(cmd: commands.ScheduleMeeting, uow: MediationUnitOfWork) -> None:
    async def act(case: MediationCase) -> None:
        booked = await uow.cases.booked(case.office, case.mediators)
        case.schedule_meeting(cmd.meeting, await uow.roster.standings(case.mediators), booked)

    await _step(uow, cmd.case_id, act)


async def write_meeting_notes(cmd: commands.WriteMeetingNotes, uow: MediationUnitOfWork) -> str:
    async def act(case: MediationCase) -> str:
        case.meeting(cmd.meeting_id)
        return await uow.notes.add(
            case_id=cmd.case_id,
            meeting_id=cmd.meeting_id,
            written_by=cmd.written_by,
            text=cmd.text,
            now=uow.clock.now(),
        )

    return await _step(uow, cmd.case_id, act)


async def record_agreement(cmd: commands.RecordAgreement, uow: MediationUnitOfWork) -> None:
    await _step(
        uow,
        cmd.case_id,
        _case_only(lambda case: case.record_agreement(cmd.agreement, cmd.exemption)),
    )


async def decide_on_agreement(cmd: commands.DecideOnAgreement, uow: MediationUnitOfWork) -> None:
    async def act(case: MediationCase) -> None:
        decision = MediatorDecision(
            cmd.mediator_id, cmd.approves, cmd.in_writing, cmd.reasons, uow.clock.now()
        )
        case.decide_on_agreement(
            cmd.agreement_id,
            decision,
            told_no_effect=cmd.parties_told_approval_has_no_legal_effect,
        )
        for event in case.events:
            if isinstance(event, events.AgreementApproved):
                await _schedule_agreement_deadlines(uow, event)

    await _step(uow, cmd.case_id, act)


async def _schedule_agreement_deadlines(
    uow: MediationUnitOfWork, approved: events.AgreementApproved
) -> None:
    payload = {"agreement_id": approved.agreement_id}
    if approved.withdrawal_ends_at is not None:
        await uow.schedule_deadline(
            WITHDRAWAL_PERIOD_ENDS, approved.case_id, approved.withdrawal_ends_at, payload
        )
    for due_on in sorted(set(approved.due_dates)):
        remind_at = datetime.combine(
            due_on - timedelta(days=REMINDER_DAYS_BEFORE), time(9), tzinfo=ZoneInfo(NORWAY)
        )
        await uow.schedule_deadline(
            PERFORMANCE_DUE,
            approved.case_id,
            max(remind_at, approved.approved_at),
            {**payload, "due_on": due_on.isoformat()},
        )


async def end_meeting(cmd: commands.EndMeeting, uow: MediationUnitOfWork) -> None:
    def act(case: MediationCase) -> None:
        case.end_meeting(
            cmd.meeting_id,
            held=cmd.held,
            not_held_because=NotHeldBecause(cmd.not_held_because) if cmd.not_held_because else None,
            agreement_reached=cmd.agreement_reached,
            present=cmd.present,
            told_of_confidentiality=cmd.told_of_confidentiality,
            now=uow.clock.now(),
        )

    await _step(uow, cmd.case_id, _case_only(act))


def _case_only(act: Callable[[MediationCase], T]) -> Callable[[MediationCase], Awaitable[T]]:
    """A step that reads and writes nothing more than the case."""

    async def step(case: MediationCase) -> T:
        return act(case)

    return step


def _on_agreement(
    act: Callable[[MediationCase, Any, datetime], None],
) -> Callable[[Any, MediationUnitOfWork], Awaitable[None]]:
    async def handle(cmd: Any, uow: MediationUnitOfWork) -> None:
        await _step(uow, cmd.case_id, _case_only(lambda case: act(case, cmd, uow.clock.now())))

    return handle


withdraw = _on_agreement(lambda case, cmd, now: case.withdraw(cmd.agreement_id, cmd.party_id, now))
confirm_fulfilment = _on_agreement(
    lambda case, cmd, now: case.confirm_fulfilment(cmd.agreement_id, now)
)
report_breach = _on_agreement(lambda case, cmd, now: case.report_breach(cmd.agreement_id, now))
close_withdrawal_period = _on_agreement(
    lambda case, cmd, now: case.close_withdrawal_period(cmd.agreement_id, now)
)
remind_of_performance = _on_agreement(
    lambda case, cmd, _now: case.remind_of_performance(cmd.agreement_id, cmd.due_on)
)

Handler = Callable[[Any, MediationUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.AddMediatorToRoster: add_mediator_to_roster,
    commands.RenewMediatorTerm: renew_mediator_term,
    commands.EndMediatorTerm: end_mediator_term,
    commands.OpenMediationCase: open_mediation_case,
    commands.MoveCase: move_case,
    commands.AssignMediators: assign_mediators,
    commands.ScreenCase: screen_case,
    commands.ScheduleMeeting: schedule_meeting,
    commands.WriteMeetingNotes: write_meeting_notes,
    commands.RecordAgreement: record_agreement,
    commands.DecideOnAgreement: decide_on_agreement,
    commands.EndMeeting: end_meeting,
    commands.WithdrawFromAgreement: withdraw,
    commands.ConfirmFulfilment: confirm_fulfilment,
    commands.ReportBreach: report_breach,
    commands.CloseWithdrawalPeriod: close_withdrawal_period,
    commands.RemindOfPerformance: remind_of_performance,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
