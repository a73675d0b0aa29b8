from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from notification.adapters.letters import TemplateLetters
from notification.adapters.repository import AgencyDeliveries, ContactBooks, Notices, PrintQueue
from notification.domain.channels import ContactRegister, RegisterEntry
from notification.domain.letters import Letters


class NoRegister:
    """For the agency adapters, which never look anyone up."""

    async def lookup(self, national_id: str) -> RegisterEntry | None:
        return None


class NotificationUnitOfWork(SqlAlchemyUnitOfWork):
    contacts: ContactBooks
    notices: Notices
    print_queue: PrintQueue
    deliveries: AgencyDeliveries

    def __init__(
        self,
        *args: Any,
        cipher: FieldCipher,
        register: ContactRegister | None = None,
        letters: Letters | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher
        self.register: ContactRegister = register or NoRegister()
        self.letters: Letters = letters or TemplateLetters()

    def _open_repositories(self, session: AsyncSession) -> None:
        self.contacts = ContactBooks(session, self._cipher)
        self.notices = Notices(session)
        self.print_queue = PrintQueue(session, self._cipher)
        self.deliveries = AgencyDeliveries()

    def seen(self) -> Iterable[Aggregate]:
        return chain(
            self.contacts.seen.values(),
            self.notices.seen.values(),
            self.deliveries.seen.values(),
        )
