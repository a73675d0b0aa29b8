"""The one place the service is wired: runtime, keys, unit of work, bus."""

from __future__ import annotations

from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from referral import handlers
from referral.adapters import outbound
from referral.adapters.unit_of_work import ReferralUnitOfWork

SOURCE = "urn:konfliktrad:referral"


def bootstrap(
    runtime: Runtime, cipher: FieldCipher, indexer: BlindIndexer, seal: ContactSeal
) -> MessageBus:
    return message_bus(
        runtime,
        unit_of_work=ReferralUnitOfWork,
        source=SOURCE,
        outbound=outbound.translator(seal),
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        cipher=cipher,
        indexer=indexer,
    )
