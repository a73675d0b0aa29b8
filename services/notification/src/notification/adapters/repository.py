"""The contact book, the notices and the print queue, sealed where they touch a person."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import FieldCipher
from notification.adapters.orm import contact_book, notices, print_queue
from notification.domain.channels import Channel
from notification.domain.contacts import Contact, ContactBook, Party
from notification.domain.letters import Letter
from notification.domain.model import AgencyDelivery
from notification.domain.notices import Notice
from notification.domain.vocabulary import DeliveryStatus, NoticeKind


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _contact_binding(case_id: str, party_id: str) -> bytes:
    # Bound to its row: a sealed contact copied onto another party does not open.
    return f"contact_book:{len(case_id)}:{case_id}:{party_id}".encode()


class ContactBooks:
    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher
        self.seen: dict[str, ContactBook] = {}

    async def get(self, case_id: str) -> ContactBook | None:
        rows = (
            await self._session.execute(
                select(contact_book).where(contact_book.c.case_id == case_id)
            )
        ).all()
        if not rows:
            return None
        book = ContactBook(case_id=case_id, office=rows[0].office)
        for row in rows:
            book.parties[row.party_id] = Party(
                row.party_id, row.role, row.is_minor, row.guardian_of
            )
            if row.contact_sealed is not None:
                opened = self._cipher.decrypt_bound(
                    row.contact_sealed, binding=_contact_binding(case_id, row.party_id)
                )
                book.contacts[row.party_id] = Contact(**json.loads(opened))
        self.seen[case_id] = book
        return book

    async def save(self, book: ContactBook) -> None:
        """Insert each party, or replace what a corrected referral changed."""
        insert = _insert(self._session)
        for party in book.parties.values():
            contact = book.contacts.get(party.party_id)
            values = {
                "office": book.office,
                "role": party.role,
                "is_minor": party.is_minor,
                "guardian_of": party.guardian_of,
                "contact_sealed": None
                if contact is None
                else self._cipher.encrypt_bound(
                    json.dumps(asdict(contact)),
                    binding=_contact_binding(book.case_id, party.party_id),
                ),
            }
            statement = insert(contact_book).values(
                case_id=book.case_id, party_id=party.party_id, **values
            )
            await self._session.execute(
                statement.on_conflict_do_update(index_elements=["case_id", "party_id"], set_=values)
            )
        self.seen[book.case_id] = book


class Notices:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, Notice] = {}

    async def add(self, notice: Notice, now: datetime) -> bool:
        """False, and nothing written, when this notice (event, recipient, channel) exists."""
        statement = (
            _insert(self._session)(notices)
            .values(
                notice_id=notice.notice_id,
                about_event=notice.about_event,
                case_id=notice.case_id,
                party_id=notice.party_id,
                kind=notice.kind.value,
                channel=notice.channel.value,
                legal_basis=notice.legal_basis,
                status=notice.status.value,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["notice_id"])
            .returning(notices.c.notice_id)
        )
        if (await self._session.execute(statement)).first() is None:
            return False
        self.seen[notice.notice_id] = notice
        return True

    async def get(self, notice_id: str) -> Notice | None:
        row = (
            await self._session.execute(
                select(notices).where(notices.c.notice_id == notice_id).with_for_update()
            )
        ).first()
        if row is None:
            return None
        notice = Notice(
            notice_id=row.notice_id,
            about_event=row.about_event,
            case_id=row.case_id,
            party_id=row.party_id,
            kind=NoticeKind(row.kind),
            channel=Channel(row.channel),
            legal_basis=row.legal_basis,
            status=DeliveryStatus(row.status),
        )
        self.seen[notice_id] = notice
        return notice

    async def update_status(self, notice: Notice, now: datetime) -> None:
        await self._session.execute(
            update(notices)
            .where(notices.c.notice_id == notice.notice_id)
            .values(status=notice.status.value, updated_at=now)
        )


class PrintQueue:
    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher

    async def add(
        self, notice_id: str, case_id: str, address: str, letter: Letter, now: datetime
    ) -> None:
        sealed = self._cipher.encrypt(
            json.dumps({"address": address, "subject": letter.subject, "body": letter.body}),
            table="print_queue",
            column="letter_sealed",
        )
        await self._session.execute(
            _insert(self._session)(print_queue)
            .values(notice_id=notice_id, case_id=case_id, letter_sealed=sealed, queued_at=now)
            .on_conflict_do_nothing(index_elements=["notice_id"])
        )


class AgencyDeliveries:
    """Deliveries have no table of their own: the outbox row is the delivery."""

    def __init__(self) -> None:
        self.seen: dict[str, AgencyDelivery] = {}

    def add(self, delivery: AgencyDelivery) -> None:
        self.seen[delivery.event_id] = delivery
