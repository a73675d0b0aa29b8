"""How events name the people in a case: pseudonymous party references (§9).

Events between services never carry a name or a national id. A party is `party_id` and a
role; the only way to reach the person is `sealed_contact`, which the referral service seals
for the notification service alone (`konfliktrad_shared.contact_seal`). Every other consumer
carries it along unread or ignores it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class PartyRole(StrEnum):
    OFFENDER = "offender"
    VICTIM = "victim"
    CLAIMANT = "claimant"  # civil case: the party who brought it
    RESPONDENT = "respondent"  # civil case: the other party
    GUARDIAN = "guardian"


class AddressProtection(StrEnum):
    """Folkeregisteret's address protection (adressebeskyttelse) of a person's address.

    `fortrolig` (code 7) and `strengt_fortrolig` (code 6, also abroad) addresses are given
    only to whoever needs them to reach the person; never to another party of the case.
    """

    UNGRADED = "ugradert"
    CONFIDENTIAL = "fortrolig"
    STRICTLY_CONFIDENTIAL = "strengt_fortrolig"
    STRICTLY_CONFIDENTIAL_ABROAD = "strengt_fortrolig_utland"

    @property
    def protected(self) -> bool:
        return self is not AddressProtection.UNGRADED


class PartyRef(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    party_id: str = Field(
        description="Stable within the case: `offender`, `victim-1`, `guardian-offender-1` …"
    )
    role: PartyRole
    is_minor: bool = False
    guardian_of: str | None = Field(
        default=None, description="For a guardian: the `party_id` of the minor."
    )
    sealed_contact: str | None = Field(
        default=None,
        description="Contact details sealed for the notification service "
        "(AES-256-GCM, bound to case and party); opaque to everyone else.",
    )
