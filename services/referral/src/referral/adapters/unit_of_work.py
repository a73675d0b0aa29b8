from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork
from referral.adapters.repository import ReferralCaseRepository


class ReferralUnitOfWork(SqlAlchemyUnitOfWork):
    cases: ReferralCaseRepository

    def __init__(
        self, *args: Any, cipher: FieldCipher, indexer: BlindIndexer, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher
        self._indexer = indexer

    def _open_repositories(self, session: AsyncSession) -> None:
        self.cases = ReferralCaseRepository(session, self._cipher, self._indexer)

    def seen(self) -> Iterable[Aggregate]:
        return self.cases.seen.values()
