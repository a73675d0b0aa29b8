"""The one place the service is wired: runtime, keys, unit of work, bus."""

from __future__ import annotations

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from referral import handlers
from referral.adapters import orm, outbound
from referral.adapters.unit_of_work import ReferralUnitOfWork

SOURCE = "urn:konfliktrad:referral"


def bootstrap(runtime: Runtime, cipher: FieldCipher, indexer: BlindIndexer) -> MessageBus:
    def unit_of_work(delivery: Delivery | None) -> ReferralUnitOfWork:
        return ReferralUnitOfWork(
            runtime.sessions,
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translate,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
            cipher=cipher,
            indexer=indexer,
        )

    return MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
