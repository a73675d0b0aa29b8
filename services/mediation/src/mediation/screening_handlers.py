"""Screening a case (skjerming): the leader names who of the office is a party to it and who
else may see it (`konfliktrad_shared.screening`). The command's audit entry records the
provision and the leader, never who is a party (that a colleague is one is what is screened)."""

from __future__ import annotations

from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.domain import commands
from mediation.domain.errors import CaseNotFound


async def screen_case(cmd: commands.ScreenCase, uow: MediationUnitOfWork) -> None:
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        # The leader's office check is this load, as every command's (`OnBehalfOf`).
        if case is None or not uow.visible_case(case):
            raise CaseNotFound()
        case.screen(cmd.parties, cmd.granted)
        await uow.commit()
