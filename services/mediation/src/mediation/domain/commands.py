from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MediationReaction(StrEnum):
    MEDIATION = "mediation"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class AddMediatorToRoster:
    mediator_id: str
    office: str
    term_ends: date


@dataclass(frozen=True)
class OpenMediationCase:
    case_id: str
    office: str
    reaction: MediationReaction
