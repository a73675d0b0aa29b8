from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import FieldCipher
from notification.adapters.orm import case_contacts
from notification.domain.model import AgencyDelivery, CaseContacts

SEALED = {"table": "case_contacts", "column": "guardian_emails_sealed"}


class CaseContactsRepository:
    def __init__(self, session: AsyncSession, cipher: FieldCipher) -> None:
        self._session = session
        self._cipher = cipher
        self.seen: dict[str, CaseContacts] = {}

    async def save(self, contacts: CaseContacts) -> None:
        """Insert, or replace the addresses of a case heard of before (a corrected referral)."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        sealed = self._cipher.encrypt(json.dumps(list(contacts.guardian_emails)), **SEALED)
        statement = insert(case_contacts).values(
            case_id=contacts.case_id, office=contacts.office, guardian_emails_sealed=sealed
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id"],
                set_={"office": contacts.office, "guardian_emails_sealed": sealed},
            )
        )
        self.seen[contacts.case_id] = contacts

    async def get(self, case_id: str) -> CaseContacts | None:
        row = (
            await self._session.execute(
                select(case_contacts).where(case_contacts.c.case_id == case_id)
            )
        ).first()
        if row is None:
            return None
        emails = json.loads(self._cipher.decrypt(row.guardian_emails_sealed, **SEALED))
        contacts = CaseContacts(
            case_id=row.case_id, office=row.office, guardian_emails=tuple(emails)
        )
        self.seen[contacts.case_id] = contacts
        return contacts


class AgencyDeliveries:
    """Deliveries have no table of their own: the outbox row is the delivery."""

    def __init__(self) -> None:
        self.seen: dict[str, AgencyDelivery] = {}

    def add(self, delivery: AgencyDelivery) -> None:
        self.seen[delivery.event_id] = delivery
