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


@dataclass(frozen=True)
class Guardian:
    name: str
    email: str
    consents: bool


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
