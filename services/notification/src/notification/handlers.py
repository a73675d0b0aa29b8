"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from notification.adapters.unit_of_work import NotificationUnitOfWork
from notification.domain import commands
from notification.domain.model import AgencyDelivery, CaseContacts

log = logging.getLogger(__name__)


async def remember_case_contacts(
    cmd: commands.RememberCaseContacts, uow: NotificationUnitOfWork
) -> None:
    async with uow:
        await uow.contacts.save(CaseContacts(cmd.case_id, cmd.office, cmd.guardian_emails))
        await uow.commit()


async def notify_guardians_of_transfer(
    cmd: commands.NotifyGuardiansOfTransfer, uow: NotificationUnitOfWork
) -> None:
    async with uow:
        contacts = await uow.contacts.get(cmd.case_id)
        if contacts is None:
            log.warning("case %s: no guardian contacts known; no letter sent", cmd.case_id)
        else:
            contacts.notify_transfer(cmd.transferred_to, uow.clock.now())
        await uow.commit()


async def forward_to_agency(cmd: commands.ForwardToAgency, uow: NotificationUnitOfWork) -> None:
    async with uow:
        uow.deliveries.add(AgencyDelivery.queue(cmd))
        await uow.commit()


Handler = Callable[[Any, NotificationUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.RememberCaseContacts: remember_case_contacts,
    commands.NotifyGuardiansOfTransfer: notify_guardians_of_transfer,
    commands.ForwardToAgency: forward_to_agency,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
