"""The one place the service is wired: runtime, keys, unit of work, bus, deadline ticker."""

from __future__ import annotations

import contextlib
from datetime import date

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared.clock import Clock
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.deadlines import DeadlineTicker, DueDeadline
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import TERM_EXPIRY, VettingUnitOfWork
from vetting.domain.commands import EndTerm

SOURCE = "urn:konfliktrad:vetting"
DEADLINE_CONSUMER = "vetting.deadlines"


def bootstrap(runtime: Runtime, cipher: FieldCipher) -> MessageBus:
    orm.start_mappers()
    return message_bus(
        runtime,
        unit_of_work=VettingUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        cipher=cipher,
    )


def deadline_ticker(
    bus: MessageBus,
    *,
    engine: AsyncEngine,
    deadlines: Table,
    clock: Clock,
    poll_seconds: float,
    batch_size: int = 100,
) -> DeadlineTicker:
    """Fires due term expiries through the bus, the deadline's id as the inbox key: once.

    On SQLite `batch_size` must be 1: the ticker's own write (marking a deadline fired) holds
    the database's single write lock until its pass ends, so a second firing in the same pass
    would wait on it for ever.
    """

    async def fire(deadline: DueDeadline) -> None:
        if deadline.kind != TERM_EXPIRY:
            return
        command = EndTerm(deadline.aggregate_id, date.fromisoformat(deadline.payload["term_ends"]))
        with contextlib.suppress(DuplicateDelivery):
            await bus.handle(command, Delivery(DEADLINE_CONSUMER, deadline.id))

    return DeadlineTicker(
        engine=engine,
        deadlines=deadlines,
        clock=clock,
        fire=fire,
        poll_seconds=poll_seconds,
        batch_size=batch_size,
    )
