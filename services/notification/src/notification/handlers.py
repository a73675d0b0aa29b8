"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from notification.adapters.unit_of_work import NotificationUnitOfWork
from notification.domain import commands, planning, protection
from notification.domain.channels import Channel, routes_for
from notification.domain.contacts import ContactBook, Recipient
from notification.domain.events import GuardiansNotified
from notification.domain.model import AgencyDelivery
from notification.domain.notices import Notice
from notification.domain.vocabulary import DeliveryStatus, NoticeKind

log = logging.getLogger(__name__)
SMS_TEMPLATE = "sms_notice"


async def remember_parties(cmd: commands.RememberParties, uow: NotificationUnitOfWork) -> None:
    async with uow:
        book = await uow.contacts.get(cmd.case_id) or ContactBook(cmd.case_id, cmd.office)
        book.office = cmd.office
        book.learn(cmd.addressees)
        await uow.contacts.save(book)
        await uow.commit()


async def record_office_move(cmd: commands.RecordOfficeMove, uow: NotificationUnitOfWork) -> None:
    async with uow:
        book = await uow.contacts.get(cmd.case_id)
        if book is not None:
            book.office = cmd.to_office
            await uow.contacts.save(book)
        await uow.commit()


async def send_notices(cmd: commands.SendNotices, uow: NotificationUnitOfWork) -> None:
    async with uow:
        book = await uow.contacts.get(cmd.case_id) or ContactBook(cmd.case_id, cmd.office or "")
        uow.contacts.seen.setdefault(cmd.case_id, book)
        if any(a.contact is not None for a in cmd.addressees):
            book.learn(cmd.addressees)
            await uow.contacts.save(book)
        else:
            book.learn(tuple(a for a in cmd.addressees if a.party.party_id not in book.parties))
        planned, unknown = planning.addressed(book, cmd)
        for party_id in unknown:
            # Pseudonymous ids only: never a name or an address in the log.
            log.warning("case %s: no contact details for %s; no notice", cmd.case_id, party_id)
        now = uow.clock.now()
        for recipient, kind in planned:
            await _notify(uow, book, cmd, recipient, kind, now)
        if cmd.kind is NoticeKind.TRANSFER_NOTICE:
            book.events.append(
                GuardiansNotified(
                    case_id=cmd.case_id,
                    about_event=f"transferred_to_{cmd.facts.get('agency')}",
                    recipients=len(planned),
                    notified_at=now,
                )
            )
        await uow.commit()


async def _notify(
    uow: NotificationUnitOfWork,
    book: ContactBook,
    cmd: commands.SendNotices,
    recipient: Recipient,
    kind: NoticeKind,
    now: datetime,
) -> None:
    """One recipient: a notice on each route the register allows, or a failed one if none."""
    language, values = planning.letter_values(book, cmd, recipient, kind)
    national_id = recipient.contact.national_id
    entry = await uow.register.lookup(national_id) if national_id else None
    routes = routes_for(recipient.contact, entry)
    party_id, basis = recipient.party.party_id, planning.legal_basis(cmd, kind)
    if not routes:
        unreachable = Notice.unreachable(
            about_event=cmd.about_event,
            case_id=cmd.case_id,
            party_id=party_id,
            kind=kind,
            legal_basis=basis,
            now=now,
        )
        await uow.notices.add(unreachable, now)
    withheld = protection.withheld_from(book, recipient)
    for route in routes:
        template = SMS_TEMPLATE if route.channel is Channel.SMS else kind.value
        letter = uow.letters.render(template, language, values)
        if protection.reveals(letter, withheld):
            # Pseudonymous ids only: which address it was is itself what must not leak.
            log.warning("case %s: letter to %s withheld: protected address", cmd.case_id, party_id)
            refused = Notice.unreachable(
                about_event=cmd.about_event,
                case_id=cmd.case_id,
                party_id=party_id,
                kind=kind,
                legal_basis=basis,
                now=now,
                channel=route.channel,
                reason=protection.WITHHELD,
            )
            await uow.notices.add(refused, now)
            continue
        notice = Notice.queue(
            about_event=cmd.about_event,
            case_id=cmd.case_id,
            party_id=party_id,
            kind=kind,
            legal_basis=basis,
            route=route,
            letter=letter,
            now=now,
        )
        if await uow.notices.add(notice, now) and route.channel is Channel.PAPER:
            await uow.print_queue.add(notice.notice_id, cmd.case_id, route.address, letter, now)
            notice.record(DeliveryStatus.SENT, now, "print_queue")
            await uow.notices.update_status(notice, now)


async def record_delivery_status(
    cmd: commands.RecordDeliveryStatus, uow: NotificationUnitOfWork
) -> None:
    async with uow:
        notice = await uow.notices.get(cmd.notice_id)
        if notice is None:
            log.warning("delivery report for unknown notice %s", cmd.notice_id)
            return
        now = uow.clock.now()
        notice.record(cmd.status, now, cmd.reason)
        await uow.notices.update_status(notice, now)
        await uow.commit()


async def forward_to_agency(cmd: commands.ForwardToAgency, uow: NotificationUnitOfWork) -> None:
    async with uow:
        uow.deliveries.add(AgencyDelivery.queue(cmd))
        await uow.commit()


Handler = Callable[[Any, NotificationUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.RememberParties: remember_parties,
    commands.RecordOfficeMove: record_office_move,
    commands.SendNotices: send_notices,
    commands.RecordDeliveryStatus: record_delivery_status,
    commands.ForwardToAgency: forward_to_agency,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
