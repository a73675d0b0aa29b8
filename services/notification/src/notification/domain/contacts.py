"""Who the people in a case are and how to reach them: the case's contact book.

Other services name people only by pseudonymous party references (§9); the book ties each
`party_id` to the contact details referral sealed for this service, so a later event that
carries only the reference still reaches the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contact:
    name: str
    national_id: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str = "nb"
    postal_address: str | None = None
    # Folkeregisteret's level (`konfliktrad_shared.contracts.parties.AddressProtection`).
    address_protection: str = "ugradert"


@dataclass(frozen=True)
class Party:
    party_id: str
    role: str
    is_minor: bool = False
    guardian_of: str | None = None


@dataclass(frozen=True)
class Addressee:
    """A party as an event names it, with its contact details if the event carried them."""

    party: Party
    contact: Contact | None = None


@dataclass(frozen=True)
class Recipient:
    party: Party
    contact: Contact
    on_behalf_of: str | None = None  # a guardian told about the minor `on_behalf_of`


@dataclass
class ContactBook:
    case_id: str
    office: str
    parties: dict[str, Party] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    def learn(self, addressees: tuple[Addressee, ...]) -> None:
        """Remember every party; newer contact details replace older (a corrected referral)."""
        for addressee in addressees:
            self.parties[addressee.party.party_id] = addressee.party
            if addressee.contact is not None:
                self.contacts[addressee.party.party_id] = addressee.contact

    def guardians_of(self, party_id: str) -> tuple[Party, ...]:
        return tuple(p for p in self.parties.values() if p.guardian_of == party_id)

    def recipients(
        self, party_ids: tuple[str, ...], *, with_guardians_of_minors: bool
    ) -> tuple[tuple[Recipient, ...], tuple[str, ...]]:
        """Those of `party_ids` the book can reach (and, when asked, each minor's guardians
        — §11 second para), and the party ids it has no contact details for."""
        reachable: list[Recipient] = []
        unknown: list[str] = []
        wanted: list[tuple[str, str | None]] = []
        for party_id in party_ids:
            wanted.append((party_id, None))
            party = self.parties.get(party_id)
            if with_guardians_of_minors and party is not None and party.is_minor:
                wanted += [(g.party_id, party_id) for g in self.guardians_of(party_id)]
        seen: set[str] = set()
        for party_id, ward in wanted:
            if party_id in seen:
                continue
            seen.add(party_id)
            contact = self.contacts.get(party_id)
            party = self.parties.get(party_id)
            if contact is None or party is None:
                unknown.append(party_id)
            else:
                reachable.append(Recipient(party, contact, on_behalf_of=ward))
        return tuple(reachable), tuple(unknown)
