from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mediation.domain.commands import MediationReaction


@dataclass(frozen=True)
class MediatorAddedToRoster:
    mediator_id: str
    office: str
    term_ends: date
    available_from: datetime


@dataclass(frozen=True)
class MediationCaseOpened:
    case_id: str
    office: str
    reaction: MediationReaction
    opened_at: datetime
