from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class YouthReaction(StrEnum):
    YOUTH_FOLLOW_UP = "youth_follow_up"
    YOUTH_SENTENCE = "youth_sentence"
    FOLLOW_UP = "follow_up"  # follow-up in the office (§36): plan, office follow-up, §33 breaches


class BreachedObligation(StrEnum):
    YOUTH_PLAN = "youth_plan"  # §25
    GENERAL_OBLIGATIONS = "general_obligations"  # §27
    SUBSTANCE_BAN = "substance_ban"  # §28


@dataclass(frozen=True)
class OpenYouthCase:
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    execution_months: int


@dataclass(frozen=True)
class ApproveYouthPlan:
    case_id: str
    approved_by_coordinator: bool
    approved_by_offender: bool
    approved_by_guardians: bool


@dataclass(frozen=True)
class RecordBreach:
    case_id: str
    occurred_on: date
    obligation: BreachedObligation


@dataclass(frozen=True)
class HoldBreachConversation:
    case_id: str
    held_on: date
