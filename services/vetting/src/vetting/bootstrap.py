"""The one place the service is wired: runtime, unit of work, bus, consumers."""

from __future__ import annotations

from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import VettingUnitOfWork

SOURCE = "urn:konfliktrad:vetting"


def bootstrap(runtime: Runtime) -> MessageBus:
    orm.start_mappers()

    def unit_of_work(delivery: Delivery | None) -> VettingUnitOfWork:
        return VettingUnitOfWork(
            runtime.sessions,
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translate,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
        )

    return MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
