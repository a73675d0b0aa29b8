"""The one place the service is wired: runtime, unit of work, bus, deadlines."""

from __future__ import annotations

import contextlib

from konfliktrad_shared.deadlines import DeadlineTicker, DueDeadline
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from youth_plan import handlers
from youth_plan.adapters import orm, outbound
from youth_plan.adapters.unit_of_work import EXECUTION_ENDS, YouthPlanUnitOfWork
from youth_plan.domain.commands import CompleteExecution

SOURCE = "urn:konfliktrad:youth_plan"
DEADLINE_CONSUMER = "youth_plan.deadlines"


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


def completion_ticker(runtime: Runtime, bus: MessageBus, poll_seconds: float) -> DeadlineTicker:
    """Fires each case's end of execution (§23) through the bus, with the deadline's id as
    the inbox key, so a completion is reported once however often the deadline fires."""

    async def fire(deadline: DueDeadline) -> None:
        if deadline.kind == EXECUTION_ENDS:
            delivery = Delivery(consumer=DEADLINE_CONSUMER, event_id=deadline.id)
            # Already handled (a retry after the marking failed): nothing more to do.
            with contextlib.suppress(DuplicateDelivery):
                await bus.handle(CompleteExecution(deadline.aggregate_id), delivery)

    return DeadlineTicker(
        engine=runtime.engine,
        deadlines=runtime.tables.deadlines,
        clock=runtime.clock,
        fire=fire,
        poll_seconds=poll_seconds,
    )
