from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from vetting.domain.model import Mediator


class MediatorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: dict[str, Mediator] = {}

    def add(self, mediator: Mediator) -> None:
        self._session.add(mediator)
        self.seen[mediator.mediator_id] = mediator

    async def get(self, mediator_id: str) -> Mediator | None:
        mediator = await self._session.get(Mediator, mediator_id)
        if mediator is not None:
            self.seen[mediator.mediator_id] = mediator
        return mediator
