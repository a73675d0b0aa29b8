"""The people in a case as other services may know them: an id within the case and a role.

Names, national ids and e-mail addresses stay on the `Party`; the outbound adapter seals them
for the notification service alone before anything leaves (§9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.legal_time import age_on
from referral.domain.consent import victim_is_minor
from referral.domain.vocabulary import CivilParty, Guardian, Offender, Victim


class PartyRole(StrEnum):
    OFFENDER = "offender"
    VICTIM = "victim"
    CLAIMANT = "claimant"
    RESPONDENT = "respondent"
    GUARDIAN = "guardian"


@dataclass(frozen=True)
class Party:
    party_id: str
    role: PartyRole
    is_minor: bool
    name: str
    national_id: str | None = None
    email: str | None = None
    guardian_of: str | None = None
    postal_address: str | None = None
    address_protection: AddressProtection = AddressProtection.UNGRADED


def parties_of(offender: Offender, victims: Sequence[Victim], day: date) -> tuple[Party, ...]:
    """`offender`, `victim-1` …, and each minor's guardians as `guardian-<party>-<n>`."""
    offender_party = Party(
        party_id="offender",
        role=PartyRole.OFFENDER,
        is_minor=age_on(offender.birth_date, day) < 18,
        name=offender.name,
        national_id=offender.national_id,
        postal_address=offender.postal_address,
        address_protection=offender.address_protection,
    )
    parties = [offender_party, *_guardians(offender_party, offender.guardians)]
    for number, victim in enumerate(victims, start=1):
        victim_party = Party(
            party_id=f"victim-{number}",
            role=PartyRole.VICTIM,
            is_minor=victim_is_minor(victim, day),
            name=victim.name,
            national_id=victim.national_id,
            postal_address=victim.postal_address,
            address_protection=victim.address_protection,
        )
        parties += [victim_party, *_guardians(victim_party, victim.guardians)]
    return tuple(parties)


def civil_parties_of(parties: Sequence[CivilParty], day: date) -> tuple[Party, ...]:
    """`claimant` (the first), `respondent-1` …, and each minor's guardians."""
    refs: list[Party] = []
    for number, civil in enumerate(parties):
        party = Party(
            party_id="claimant" if number == 0 else f"respondent-{number}",
            role=PartyRole.CLAIMANT if number == 0 else PartyRole.RESPONDENT,
            is_minor=civil.birth_date is not None and age_on(civil.birth_date, day) < 18,
            name=civil.name,
            national_id=civil.national_id,
            email=civil.email,
            postal_address=civil.postal_address,
            address_protection=civil.address_protection,
        )
        refs += [party, *_guardians(party, civil.guardians)]
    return tuple(refs)


def _guardians(ward: Party, guardians: Sequence[Guardian]) -> list[Party]:
    return [
        Party(
            party_id=f"guardian-{ward.party_id}-{number}",
            role=PartyRole.GUARDIAN,
            is_minor=False,
            name=guardian.name,
            email=guardian.email,
            guardian_of=ward.party_id,
            postal_address=guardian.postal_address,
            address_protection=guardian.address_protection,
        )
        for number, guardian in enumerate(guardians, start=1)
    ]
