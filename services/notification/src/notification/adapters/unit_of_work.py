from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from notification.adapters.repository import AgencyDeliveries, CaseContactsRepository


class NotificationUnitOfWork(SqlAlchemyUnitOfWork):
    contacts: CaseContactsRepository
    deliveries: AgencyDeliveries

    def __init__(self, *args: Any, cipher: FieldCipher, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher

    def _open_repositories(self, session: AsyncSession) -> None:
        self.contacts = CaseContactsRepository(session, self._cipher)
        self.deliveries = AgencyDeliveries()

    def seen(self) -> Iterable[Aggregate]:
        return chain(self.contacts.seen.values(), self.deliveries.seen.values())
