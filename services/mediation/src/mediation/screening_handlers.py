"""Screening a case (skjerming): the leader names who of the office is a party to it and who
else may see it (`konfliktrad_shared.screening`)."""

from __future__ import annotations

import logging

from konfliktrad_shared.refusal import NotFound
from konfliktrad_shared.screening import SCREENING
from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.domain import commands

# The audit trail until the service has its own audit table: case id, counts and provision,
# never who is a party (that a colleague is one is the very thing screened).
audit = logging.getLogger("mediation.audit")


async def screen_case(cmd: commands.ScreenCase, uow: MediationUnitOfWork) -> None:
    async with uow:
        case = await uow.cases.get(cmd.case_id)
        if case is None:
            raise NotFound()
        case.screen(cmd.parties, cmd.granted)
        await uow.commit()
    audit.info(
        "case %s screened by the office leader (%s): %d party among staff, %d granted",
        cmd.case_id,
        SCREENING,
        len(cmd.parties),
        len(cmd.granted),
    )
