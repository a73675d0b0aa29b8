"""Protected addresses (Folkeregisteret's `fortrolig` and `strengt fortrolig adresse`).

A party whose address is protected must not be found through the case: no letter to another
party may carry any part of that address, whatever an event's facts put into it. The letter's
values are built from the recipient's own details only; this is the last look before a letter
is queued, so an address that slips in by some other way (a meeting place, an agreement's
wording) stops here and the notice fails for the office to handle by hand.
"""

from __future__ import annotations

import re

from konfliktrad_shared.contracts.parties import AddressProtection
from notification.domain.contacts import ContactBook, Recipient
from notification.domain.letters import Letter

WITHHELD = "protected_address"
_POSTCODE = re.compile(r"\b\d{4}\b")
_WORD = re.compile(r"[^\W\d_]{4,}")


def is_protected(level: str) -> bool:
    return AddressProtection(level).protected


def withheld_from(book: ContactBook, recipient: Recipient) -> tuple[str, ...]:
    """The protected addresses of every party but the recipient."""
    own = recipient.party.party_id
    return tuple(
        contact.postal_address
        for party_id, contact in book.contacts.items()
        if party_id != own and contact.postal_address and is_protected(contact.address_protection)
    )


def address_parts(address: str) -> frozenset[str]:
    """What would give the address away: each of its lines (street and number, postcode
    and town), the street's name and the postcode. The post town alone is not a part: it
    names thousands of homes, and the office's own name often carries it."""
    lines = [line.strip() for line in re.split(r"[,\n]", address) if line.strip()]
    street = lines[0] if lines else ""
    parts = set(lines) | set(_POSTCODE.findall(address)) | set(_WORD.findall(street))
    return frozenset(part.casefold() for part in parts)


def reveals(letter: Letter, addresses: tuple[str, ...]) -> bool:
    """Whether any part of any of `addresses` is in the letter (subject, body, calendar)."""
    if not addresses:
        return False
    text = "\n".join((letter.subject, letter.body, letter.calendar or "")).casefold()
    return any(part in text for address in addresses for part in address_parts(address))
