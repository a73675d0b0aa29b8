"""Load, act, commit: the shape of every use case that takes one step on one aggregate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from konfliktrad_shared.refusal import NotFound
from konfliktrad_shared.uow import SqlAlchemyUnitOfWork

UnitOfWork = TypeVar("UnitOfWork", bound=SqlAlchemyUnitOfWork)
Aggregate = TypeVar("Aggregate")
Answer = TypeVar("Answer")


async def load_act_commit(
    uow: UnitOfWork,
    load: Callable[[UnitOfWork], Awaitable[Aggregate | None]],
    act: Callable[[Aggregate], Answer],
    missing: Callable[[], NotFound] = NotFound,
) -> Answer:
    """In one transaction: load the aggregate (`missing()` is raised when there is none),
    take the step, commit what it did together with its events; the step's answer."""

    async def acting(aggregate: Aggregate) -> Answer:
        return act(aggregate)

    return await load_act_await_commit(uow, load, acting, missing)


async def load_act_await_commit(
    uow: UnitOfWork,
    load: Callable[[UnitOfWork], Awaitable[Aggregate | None]],
    act: Callable[[Aggregate], Awaitable[Answer]],
    missing: Callable[[], NotFound] = NotFound,
) -> Answer:
    """`load_act_commit` for a step that reads or writes more in the same transaction (the
    mediators' standings, a deadline scheduled with the decision)."""
    async with uow:
        aggregate = await load(uow)
        if aggregate is None:
            raise missing()
        answer = await act(aggregate)
        await uow.commit()
        return answer
