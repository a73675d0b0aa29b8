"""The office roster of appointed mediators, and the cases the office mediates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mediation.domain import terms
from mediation.domain.commands import MediationReaction
from mediation.domain.events import MediationCaseOpened, MediatorAddedToRoster


@dataclass
class RosterEntry:
    mediator_id: str
    office: str
    term_ends: date
    available_from: datetime
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def add(cls, *, mediator_id: str, office: str, term_ends: date, now: datetime) -> RosterEntry:
        terms.must_be_within_term(term_ends, on=terms.norwegian_date(now))
        entry = cls(mediator_id=mediator_id, office=office, term_ends=term_ends, available_from=now)
        entry.events.append(MediatorAddedToRoster(mediator_id, office, term_ends, now))
        return entry


@dataclass
class MediationCase:
    """Thin for now: meetings (§§12–16) and agreements (§§17–18) come later."""

    case_id: str
    office: str
    reaction: MediationReaction
    opened_at: datetime
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def open(
        cls, *, case_id: str, office: str, reaction: MediationReaction, now: datetime
    ) -> MediationCase:
        case = cls(case_id=case_id, office=office, reaction=reaction, opened_at=now)
        case.events.append(MediationCaseOpened(case_id, office, reaction, now))
        return case
