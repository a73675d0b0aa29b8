"""The one place the service is wired: runtime, unit of work, bus, consumers."""

from __future__ import annotations

from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import VettingUnitOfWork

SOURCE = "urn:konfliktrad:vetting"


def bootstrap(runtime: Runtime) -> MessageBus:
    orm.start_mappers()
    return message_bus(
        runtime,
        unit_of_work=VettingUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
