from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


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


class DecisionMaker(StrEnum):
    PROSECUTION = "prosecution"
    COURT = "court"


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


@dataclass(frozen=True)
class Offender:
    national_id: str
    name: str
    birth_date: date
    municipality: str
    consents: bool
    acknowledges_guilt: bool
    guardians: tuple[Guardian, ...]


@dataclass(frozen=True)
class Victim:
    name: str
    consents: bool
    national_id: str | None = None
    birth_date: date | None = None
    is_minor: bool | None = None  # as the sender states it, where no birth date is known
    guardians: tuple[Guardian, ...] = ()


@dataclass(frozen=True)
class RegisterTransferredCase:
    sender_reference: str
    sender: str
    reaction: Reaction
    decision_basis: DecisionBasis
    office: str
    offence_date: date
    decided_on: date
    execution_months: int | None
    prison_would_clearly_exceed_two_years: bool
    offender: Offender
    decided_by: DecisionMaker | None = None  # None: the one the basis implies
    condition: Condition | None = None  # None: the letter the reaction implies
    execution_ends_on: date | None = None
    no_new_crimes_condition: bool = False
    compensation_condition: bool = False
    victims: tuple[Victim, ...] = ()
