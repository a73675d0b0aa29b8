"""Referral's nouns: the reactions and the decisions they rest on, the parties, the kinds of
case and where a case stands. Commands, events, rules, schemas and entry points import them
from here, not from each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konfliktrad_shared.contracts.parties import AddressProtection


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
    CIVIL = "civil"  # a civil case: the leader's suitability decision (§10 first para)


class DecisionMaker(StrEnum):
    PROSECUTION = "prosecution"
    COURT = "court"
    OFFICE_LEADER = "office_leader"


class Condition(StrEnum):
    """The letter of straffeloven §53 no. 3 a waiver or suspended sentence relies on."""

    H = "h"  # mediation or follow-up in the office
    I = "i"  # noqa: E741 - the statute's own letter: youth follow-up


@dataclass(frozen=True)
class Guardian:
    name: str
    email: str
    consents: bool
    unable_to_act: bool = False  # cannot or will not look after the party's interest (§11)
    postal_address: str | None = None
    address_protection: AddressProtection = AddressProtection.UNGRADED


@dataclass(frozen=True)
class Offender:
    national_id: str
    name: str
    birth_date: date
    municipality: str | None  # None: abroad or unknown; no condition of a transfer (§13)
    consents: bool
    acknowledges_guilt: bool
    guardians: tuple[Guardian, ...]
    lives_in_norway: bool | None = None  # as the court found it; a youth sentence needs it
    postal_address: str | None = None
    address_protection: AddressProtection = AddressProtection.UNGRADED


@dataclass(frozen=True)
class Victim:
    name: str
    consents: bool
    national_id: str | None = None
    birth_date: date | None = None
    is_minor: bool | None = None  # as the sender states it, where no birth date is known
    guardians: tuple[Guardian, ...] = ()
    postal_address: str | None = None
    address_protection: AddressProtection = AddressProtection.UNGRADED


class HarmKind(StrEnum):
    """What the conflict comes from (§1 first para); `none` is general disagreement."""

    HARM = "harm"
    LOSS = "loss"
    VIOLATION = "violation"
    NONE = "none"


class CivilSubmitter(StrEnum):
    PARTY = "party"
    PUBLIC_AGENCY = "public_agency"  # any but the prosecution (§10 first para)


@dataclass(frozen=True)
class CivilParty:
    name: str
    municipality: str
    consents: bool
    national_id: str | None = None
    birth_date: date | None = None
    email: str | None = None
    guardians: tuple[Guardian, ...] = ()
    # §11 third para: a minor who can contract alone, where the office finds it unproblematic
    may_act_alone: bool = False
    postal_address: str | None = None
    address_protection: AddressProtection = AddressProtection.UNGRADED


class CaseKind(StrEnum):
    CRIMINAL = "criminal"
    CIVIL = "civil"


class CaseStatus(StrEnum):
    AWAITING_SUITABILITY = "awaiting_suitability"
    REGISTERED = "registered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
