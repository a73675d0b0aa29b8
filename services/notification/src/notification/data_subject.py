"""What notification holds on a party of a case (GDPR art. 15): the contact details it was
given and every notice it sent them. Known only as a party id within a case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.data_subject import CaseParty, Holding
from notification.adapters.orm import notices
from notification.adapters.repository import ContactBooks

SERVICE = "notification"
PURPOSE = "konfliktrådsloven §§11, 20 and 21: telling the parties what the office does"


def holdings_reader(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher
) -> Callable[[list[CaseParty]], Awaitable[list[Holding]]]:
    async def holdings(asked: list[CaseParty]) -> list[Holding]:
        found = []
        async with sessions() as session:
            books = ContactBooks(session, cipher)
            for wanted in asked:
                book = await books.get(wanted.case_id)
                if book is None or wanted.party_id not in book.parties:
                    continue
                contact = book.contacts.get(wanted.party_id)
                sent = await session.execute(
                    select(notices).where(
                        notices.c.case_id == wanted.case_id,
                        notices.c.party_id == wanted.party_id,
                    )
                )
                found.append(
                    Holding(
                        service=SERVICE,
                        record="contact and notices",
                        record_id=f"{wanted.case_id}/{wanted.party_id}",
                        office=book.office,
                        case_id=wanted.case_id,
                        party_id=wanted.party_id,
                        purpose=PURPOSE,
                        held={
                            "contact": None if contact is None else asdict(contact),
                            "notices": [
                                {
                                    "kind": row.kind,
                                    "channel": row.channel,
                                    "status": row.status,
                                    "legal_basis": row.legal_basis,
                                    "updated_at": row.updated_at.isoformat(),
                                }
                                for row in sent
                            ],
                        },
                    )
                )
        return found

    return holdings
