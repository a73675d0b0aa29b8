"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.domain import commands
from mediation.domain.model import MediationCase, RosterEntry


async def add_mediator_to_roster(
    cmd: commands.AddMediatorToRoster, uow: MediationUnitOfWork
) -> RosterEntry:
    async with uow:
        existing = await uow.roster.get(cmd.mediator_id)
        if existing is not None:
            await uow.commit()  # records only the inbox row: this appointment is on the roster
            return existing
        entry = RosterEntry.add(
            mediator_id=cmd.mediator_id,
            office=cmd.office,
            term_ends=cmd.term_ends,
            now=uow.clock.now(),
        )
        uow.roster.add(entry)
        await uow.commit()
        return entry


async def open_mediation_case(
    cmd: commands.OpenMediationCase, uow: MediationUnitOfWork
) -> MediationCase:
    async with uow:
        existing = await uow.cases.get(cmd.case_id)
        if existing is not None:
            await uow.commit()  # records only the inbox row: the case is already open
            return existing
        case = MediationCase.open(
            case_id=cmd.case_id, office=cmd.office, reaction=cmd.reaction, now=uow.clock.now()
        )
        uow.cases.add(case)
        await uow.commit()
        return case


Handler = Callable[[Any, MediationUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.AddMediatorToRoster: add_mediator_to_roster,
    commands.OpenMediationCase: open_mediation_case,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
