from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.auth import Principal
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.uow import Aggregate, SqlAlchemyUnitOfWork, Viewer
from referral.adapters.repository import ReferralCaseRepository
from referral.domain.model import ReferralCase
from referral.visibility import sees_case


class ReferralUnitOfWork(SqlAlchemyUnitOfWork):
    cases: ReferralCaseRepository

    def __init__(
        self, *args: Any, cipher: FieldCipher, indexer: BlindIndexer, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._cipher = cipher
        self._indexer = indexer
        self.visible_case: Callable[[ReferralCase], bool] = lambda case: self.visible(case.office)

    def act_for(self, viewer: Viewer) -> None:
        """Referral's rule of visibility is finer than the office's: a screened case is
        loaded for a command only for those who may see it (`visibility.sees_case`), so a
        colleague who is a party can no more act on it than read it."""
        if not isinstance(viewer, Principal):
            raise TypeError("referral acts on behalf of an authenticated Principal only")
        super().act_for(viewer)
        self.visible_case = sees_case(viewer)

    def _open_repositories(self, session: AsyncSession) -> None:
        self.cases = ReferralCaseRepository(session, self._cipher, self._indexer)

    def seen(self) -> Iterable[Aggregate]:
        return self.cases.seen.values()
