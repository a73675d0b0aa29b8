"""Use cases on mediation's view of the mediators vetting appointed (§4 fourth para)."""

from __future__ import annotations

from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.domain import commands
from mediation.domain.roster import RosterEntry


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
            term_starts=cmd.term_starts,
            now=uow.clock.now(),
        )
        uow.roster.add(entry)
        await uow.commit()
        return entry


async def renew_mediator_term(cmd: commands.RenewMediatorTerm, uow: MediationUnitOfWork) -> None:
    async with uow:
        entry = await uow.roster.get(cmd.mediator_id)
        if entry is None:
            entry = RosterEntry.add(
                mediator_id=cmd.mediator_id,
                office=cmd.office,
                term_ends=cmd.term_ends,
                term_starts=cmd.term_starts,
                now=uow.clock.now(),
            )
            uow.roster.add(entry)
        else:
            entry.renew(term_starts=cmd.term_starts, term_ends=cmd.term_ends)
        await uow.commit()


async def end_mediator_term(cmd: commands.EndMediatorTerm, uow: MediationUnitOfWork) -> None:
    async with uow:
        entry = await uow.roster.get(cmd.mediator_id)
        if entry is not None:  # never on the roster: nothing to end
            if cmd.legal_basis is None:
                entry.expire(on=cmd.effective_on)
            else:
                entry.revoke(effective_on=cmd.effective_on, legal_basis=cmd.legal_basis)
        await uow.commit()
