"""The mediator aggregate: appointment after the §§5–7 checks, for a four-year term (§4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from vetting.domain import eligibility
from vetting.domain.commands import AppointMediator
from vetting.domain.events import MediatorAppointed

TERM_YEARS = 4  # §4 fourth para
NORWAY = "Europe/Oslo"


@dataclass
class Mediator:
    """Personal facts of the candidate are checked, not kept: the appointment is what lasts.

    The term runs from `term_starts` up to, not including, `term_ends` (its fourth anniversary).
    """

    mediator_id: str
    office: str
    municipality: str
    term_starts: date
    term_ends: date
    appointed_at: datetime
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def appoint(cls, candidate: AppointMediator, *, now: datetime) -> Mediator:
        appointed_on = now.astimezone(ZoneInfo(NORWAY)).date()
        eligibility.check(candidate, on=appointed_on)
        mediator = cls(
            mediator_id=candidate.mediator_id,
            office=candidate.office,
            municipality=candidate.municipality,
            term_starts=appointed_on,
            term_ends=_add_years(appointed_on, TERM_YEARS),
            appointed_at=now,
        )
        mediator.events.append(
            MediatorAppointed(
                mediator_id=mediator.mediator_id,
                office=mediator.office,
                municipality=mediator.municipality,
                term_starts=mediator.term_starts,
                term_ends=mediator.term_ends,
                appointed_at=now,
            )
        )
        return mediator


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
