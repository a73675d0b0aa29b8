"""What police, prosecution and courts write on their own referral topics,
`konfliktrad.referrals.v1.<sender>` (see `topics.referrals_from`).

`CaseTransferred` is the only inbound contract that carries personal data (the parties must
be identified to be contacted); the referral service encrypts it at rest and never passes it
on. A case is corrected (`CaseTransferred` again) or withdrawn (`CaseWithdrawn`) only by the
sender that sent it: the topic a message arrives on proves its sender.

The schema says only what a referral must be to be READ: its fields, their types, the
vocabulary of the enums, a national id with valid check digits, lengths that fit storage. What
the LAW allows (execution periods, which letter of straffeloven §53 no. 3, which office) is not
here: the referral service's rules answer a readable referral the law refuses with a
`ReferralRejected` naming the provision (konfliktrådsloven §8), where a schema violation would
only reach the dead-letter topic, unanswered.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, EmailStr, Field
from pydantic.config import JsonDict

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.national_id import parse_national_id


def _valid_national_id(value: str) -> str:
    # Synthetic numbers pass here; whether a service accepts them is its own setting.
    parse_national_id(value, allow_synthetic=True)
    return value


NationalIdNumber = Annotated[str, AfterValidator(_valid_national_id)]


class Reaction(StrEnum):
    MEDIATION = "mediation"
    FOLLOW_UP = "follow_up"
    YOUTH_FOLLOW_UP = "youth_follow_up"
    YOUTH_SENTENCE = "youth_sentence"


class DecisionBasis(StrEnum):
    TRANSFER = "strpl_71a"
    CONDITIONAL_WAIVER = "strpl_69_third_para"
    SUSPENDED_SENTENCE = "strl_53_no3"
    YOUTH_SENTENCE = "strl_28c"
    COMMUNITY_SENTENCE = "community_sentence"
    CIVIL = "civil"  # konfliktrådsloven §1 third para, §10: never on konfliktrad.referrals.v1


class DecisionMaker(StrEnum):
    PROSECUTION = "prosecution"
    COURT = "court"
    OFFICE_LEADER = "office_leader"  # a civil case's suitability (§10 first para)


class Guardian(IntegrationEvent):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    consents: bool
    unable_to_act: bool = Field(
        default=False,
        description="The guardian cannot or will not look after the party's interest: "
        "a temporary guardian must be appointed (konfliktrådsloven §11 second para).",
    )
    postal_address: str | None = Field(
        default=None,
        max_length=300,
        description="The address Folkeregisteret gives for post; sealed, never passed on.",
    )
    address_protection: AddressProtection = Field(
        default=AddressProtection.UNGRADED,
        description="Folkeregisteret's address protection: a `fortrolig` or "
        "`strengt_fortrolig` address never reaches another party.",
    )


# A count of months as the database stores it (a 32-bit integer). How long a period the Act
# allows is a rule (konfliktrådsloven §23, straffeprosessloven §71a), not a schema bound.
Months = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


class Offender(IntegrationEvent):
    national_id: NationalIdNumber
    name: str = Field(min_length=1, max_length=200)
    municipality: str | None = Field(
        default=None,
        pattern=r"^\d{4}$",
        description="Kommunenummer where the offender lives; absent when abroad or unknown. "
        "Not a condition of a transfer: the prosecution names the office "
        "(konfliktrådsloven §13 third para).",
    )
    consents: bool
    acknowledges_guilt: bool
    guardians: list[Guardian] = Field(default_factory=list, max_length=4)
    lives_in_norway: bool | None = Field(
        default=None, description="A youth sentence: the court found the offender lives in Norway."
    )
    postal_address: str | None = Field(
        default=None,
        max_length=300,
        description="The address Folkeregisteret gives for post; sealed, never passed on.",
    )
    address_protection: AddressProtection = Field(
        default=AddressProtection.UNGRADED,
        description="Folkeregisteret's address protection: a `fortrolig` or "
        "`strengt_fortrolig` address never reaches another party.",
    )


class Victim(IntegrationEvent):
    """A victim (fornærmede). Every victim must consent, except to a youth reaction (§11)."""

    national_id: NationalIdNumber | None = None
    name: str = Field(min_length=1, max_length=200)
    consents: bool
    birth_date: date | None = None
    is_minor: bool | None = Field(
        default=None, description="Where no birth date or national id is given."
    )
    guardians: list[Guardian] = Field(default_factory=list, max_length=4)
    postal_address: str | None = Field(
        default=None,
        max_length=300,
        description="The address Folkeregisteret gives for post; sealed, never passed on.",
    )
    address_protection: AddressProtection = Field(
        default=AddressProtection.UNGRADED,
        description="Folkeregisteret's address protection: a `fortrolig` or "
        "`strengt_fortrolig` address never reaches another party.",
    )


# A SYNTHETIC national id (Skatteetaten Tenor style: month + 80, valid check digits), from
# `devtools.testdata.synthetic_national_id(date(2010, 3, 14))`. It belongs to nobody; never
# put an ordinary (real-looking) number in an example.
SYNTHETIC_EXAMPLE_NATIONAL_ID = "14831051222"

CASE_TRANSFERRED_EXAMPLE: JsonDict = {
    "sender_reference": "OSL-2026-104233",
    "sender": "Oslo statsadvokatembeter",
    "reaction": "youth_follow_up",
    "decision_basis": "strpl_71a",
    "decided_by": "prosecution",
    "office": "konfliktradet-oslo",
    "offence_date": "2026-09-01",
    "decided_on": "2026-10-15",
    "execution_months": 12,
    "prison_would_clearly_exceed_two_years": False,
    "no_new_crimes_condition": True,
    "compensation_condition": True,
    "offender": {
        "national_id": SYNTHETIC_EXAMPLE_NATIONAL_ID,
        "name": "Ola Syntetisk Nordmann",
        "municipality": "0301",
        "consents": True,
        "acknowledges_guilt": True,
        "guardians": [
            {
                "name": "Kari Syntetisk Nordmann",
                "email": "kari.nordmann@example.no",
                "consents": True,
                "unable_to_act": False,
            }
        ],
    },
    "victims": [
        {
            "name": "Per Syntetisk Hansen",
            "birth_date": "1985-06-02",
            "consents": True,
            "guardians": [],
        }
    ],
}


class CaseTransferred(IntegrationEvent):
    """A case handed to the mediation service by the prosecution or a court."""

    # Merged with IntegrationEvent's config (extra="ignore", frozen=True) by pydantic.
    model_config = ConfigDict(json_schema_extra={"examples": [CASE_TRANSFERRED_EXAMPLE]})

    event_type = "no.konfliktraadet.referrals.case_transferred.v1"

    sender_reference: str = Field(min_length=1, max_length=64)
    sender: str = Field(min_length=1, max_length=120)
    reaction: Reaction
    decision_basis: DecisionBasis
    office: str = Field(
        min_length=1,
        max_length=64,
        description="The office the prosecution names to handle the case (konfliktrådsloven "
        "§13 third para); one Konfliktrådet does not have is refused with that provision.",
    )
    offence_date: date
    decided_on: date
    execution_months: Months | None = Field(
        default=None,
        description="The execution period in months from `decided_on`. The limits are the "
        "Act's, checked by the rules and refused with the provision (konfliktrådsloven §23, "
        "straffeprosessloven §71a), not by this schema.",
    )
    prison_would_clearly_exceed_two_years: bool = False
    offender: Offender
    decided_by: DecisionMaker | None = Field(
        default=None, description="Absent: the one the decision basis implies."
    )
    condition: str | None = Field(
        default=None,
        pattern=r"^[a-z]$",
        description="The letter of straffeloven §53 no. 3 a conditional waiver or suspended "
        "sentence relies on; absent: the one the reaction implies. Any one letter is read; "
        "one the reaction does not rest on is refused with the provision.",
    )
    execution_ends_on: date | None = Field(
        default=None,
        description="The execution period's last day, counted from `decided_on`; "
        "with `execution_months` the two must agree.",
    )
    no_new_crimes_condition: bool = Field(
        default=False, description="straffeprosessloven §71a third para"
    )
    compensation_condition: bool = Field(
        default=False, description="straffeprosessloven §71a fourth para (youth follow-up only)"
    )
    victims: list[Victim] = Field(default_factory=list, max_length=50)
    repeated_or_serious_crime: bool | None = Field(
        default=None,
        description="A youth sentence: the court found repeated or serious crime "
        "(straffeloven §52 a).",
    )

    def subject(self) -> str:
        return self.sender_reference


CASE_WITHDRAWN_EXAMPLE: JsonDict = {
    "sender_reference": "OSL-2026-104233",
    "withdrawn_on": "2026-10-20",
    "reason": "The transfer decision was reversed after a complaint.",
}


class CaseWithdrawn(IntegrationEvent):
    """The sender withdraws a case it transferred: its decision no longer stands, and the
    office closes the case. Refused unless it comes from the case's own sender."""

    model_config = ConfigDict(json_schema_extra={"examples": [CASE_WITHDRAWN_EXAMPLE]})

    event_type = "no.konfliktraadet.referrals.case_withdrawn.v1"

    sender_reference: str = Field(
        min_length=1, max_length=64, description="The reference the case was transferred with."
    )
    withdrawn_on: date = Field(description="The day the sender decided to withdraw the case.")
    reason: str = Field(
        min_length=1,
        max_length=2000,
        description="Kept sealed in the case's audit trail, never published: it may name people.",
    )

    def subject(self) -> str:
        # The key of the case's referral: a withdrawal stays behind it in its partition.
        return self.sender_reference


INBOUND = (CaseTransferred, CaseWithdrawn)
