from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from youth_plan.domain.commands import YouthReaction


@dataclass(frozen=True)
class YouthCaseOpened:
    case_id: str
    office: str
    reaction: YouthReaction
    opened_at: datetime


@dataclass(frozen=True)
class YouthPlanApproved:
    case_id: str
    approved_at: datetime
    execution_ends: datetime


@dataclass(frozen=True)
class BreachRecorded:
    case_id: str
    breach_number: int
    recorded_at: datetime


@dataclass(frozen=True)
class BreachConversationHeld:
    case_id: str
    held_at: datetime


@dataclass(frozen=True)
class BreachEscalated:
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    legal_basis: str
    breaches: int
    escalated_at: datetime
