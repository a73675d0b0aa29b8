"""The one place the service is wired: runtime, keys, unit of work, bus."""

from __future__ import annotations

from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.runtime import Runtime
from konfliktrad_shared.wiring import message_bus
from notification import handlers
from notification.adapters import outbound
from notification.adapters.unit_of_work import NotificationUnitOfWork
from notification.config import NotificationSettings
from notification.domain.channels import ContactRegister
from notification.domain.letters import Letters

SOURCE = "urn:konfliktrad:notification"


def bootstrap(
    runtime: Runtime,
    cipher: FieldCipher,
    register: ContactRegister | None = None,
    letters: Letters | None = None,
) -> MessageBus:
    return message_bus(
        runtime,
        unit_of_work=NotificationUnitOfWork,
        source=SOURCE,
        outbound=outbound.translator(cipher),
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        cipher=cipher,
        register=register,
        letters=letters,
    )


def contact_seal(settings: NotificationSettings) -> ContactSeal:
    """Only the notification service proper opens sealed contacts; the agency adapters,
    which run from the same package, never hold the contact keys."""
    return ContactSeal.from_setting(settings.contact_keys, embedded=settings.uses_sqlite)
