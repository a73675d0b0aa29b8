"""The one place the service is wired: runtime, keys, unit of work, bus."""

from __future__ import annotations

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from notification import handlers
from notification.adapters import orm, outbound
from notification.adapters.unit_of_work import NotificationUnitOfWork

SOURCE = "urn:konfliktrad:notification"


def bootstrap(runtime: Runtime, cipher: FieldCipher) -> MessageBus:
    translate = outbound.translator(cipher)

    def unit_of_work(delivery: Delivery | None) -> NotificationUnitOfWork:
        return NotificationUnitOfWork(
            runtime.sessions,
            tables=orm.plumbing,
            source=SOURCE,
            outbound=translate,
            clock=runtime.clock,
            delivery=delivery,
            on_outbox_commit=runtime.relay.wake,
            cipher=cipher,
        )

    return MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
