"""The wiring every service's `bootstrap()` shares: a message bus whose units of work write
to the runtime's database, outbox and inbox, and wake the runtime's relay on commit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import Handler, MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.uow import Outbound, SqlAlchemyUnitOfWork


def message_bus(
    runtime: Runtime,
    *,
    unit_of_work: Callable[..., SqlAlchemyUnitOfWork],
    source: str,
    outbound: Outbound,
    command_handlers: Mapping[type, Handler],
    event_handlers: Mapping[type, Sequence[Handler]],
    **repository_dependencies: Any,
) -> MessageBus:
    """`repository_dependencies` go to the service's unit of work (field cipher, indexer …)."""

    def unit_of_work_for(delivery: Delivery | None) -> SqlAlchemyUnitOfWork:
        return unit_of_work(
            runtime.sessions,
            tables=runtime.tables,
            source=source,
            outbound=outbound,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
            **repository_dependencies,
        )

    return MessageBus(
        uow_factory=unit_of_work_for,
        command_handlers=command_handlers,
        event_handlers=event_handlers,
    )
