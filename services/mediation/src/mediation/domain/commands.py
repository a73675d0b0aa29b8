from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MediationReaction(StrEnum):
    MEDIATION = "mediation"
    # No longer opened here (follow-up in the office is youth_plan's, §36); kept so cases
    # opened before the routing changed still load.
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
