"""The one place the service is wired: runtime, unit of work, bus, consumers."""

from __future__ import annotations

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from mediation import handlers
from mediation.adapters import orm, outbound
from mediation.adapters.unit_of_work import MediationUnitOfWork

SOURCE = "urn:konfliktrad:mediation"


def bootstrap(runtime: Runtime, cipher: FieldCipher) -> MessageBus:
    orm.start_mappers()
    return message_bus(
        runtime,
        unit_of_work=MediationUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        cipher=cipher,
    )
