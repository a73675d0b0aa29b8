"""The one place the service is wired: runtime, unit of work, bus, consumers."""

from __future__ import annotations

from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from youth_plan import handlers
from youth_plan.adapters import orm, outbound
from youth_plan.adapters.unit_of_work import YouthPlanUnitOfWork

SOURCE = "urn:konfliktrad:youth_plan"


def bootstrap(runtime: Runtime) -> MessageBus:
    orm.start_mappers()
    return message_bus(
        runtime,
        unit_of_work=YouthPlanUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
