"""Which ways a notice goes out to one person.

A public body may send digitally only to people who have not opted out (reserved themselves)
in the contact and reservation register (eForvaltningsforskriften §9); they get paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from notification.domain.contacts import Contact

RESERVATION_BASIS = "eForvaltningsforskriften §9 (reservation against digital communication)"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    DIGITAL_MAILBOX = "digital_mailbox"
    PAPER = "paper"


@dataclass(frozen=True)
class RegisterEntry:
    """What the contact register knows of one national id."""

    opted_out: bool
    email: str | None = None
    phone: str | None = None
    digital_mailbox: str | None = None  # the person's address at a digital-post provider
    postal_address: str | None = None


class ContactRegister(Protocol):
    async def lookup(self, national_id: str) -> RegisterEntry | None:
        """The register's entry for the national id; None when it has none."""


@dataclass(frozen=True)
class Route:
    channel: Channel
    address: str


def routes_for(contact: Contact, entry: RegisterEntry | None) -> tuple[Route, ...]:
    """Paper only for a person who opted out; otherwise the digital mailbox, e-mail and SMS
    the case or the register knows, paper only when there is none of them. Nothing at all
    when there is no address of any kind."""
    # The register's address first; the one Folkeregisteret gave with the referral otherwise.
    postal = (entry.postal_address if entry else None) or contact.postal_address
    if entry is not None and entry.opted_out:
        return (Route(Channel.PAPER, postal),) if postal else ()
    routes: list[Route] = []
    if entry is not None and entry.digital_mailbox:
        routes.append(Route(Channel.DIGITAL_MAILBOX, entry.digital_mailbox))
    email = contact.email or (entry.email if entry else None)
    if email:
        routes.append(Route(Channel.EMAIL, email))
    phone = contact.phone or (entry.phone if entry else None)
    if phone:
        routes.append(Route(Channel.SMS, phone))
    if not routes and postal:
        routes.append(Route(Channel.PAPER, postal))
    return tuple(routes)
