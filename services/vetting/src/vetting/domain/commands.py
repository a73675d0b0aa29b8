from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Position(StrEnum):
    NONE = "none"
    PROSECUTOR = "prosecutor"  # prosecution staff with prosecuting authority
    POLICE = "police"  # police staff with police authority
    POLICE_STUDENT = "police_student"  # police college student in the practice year


@dataclass(frozen=True)
class AppointMediator:
    """The appointment committee's decision (§4 second para), with the facts §§5–7 look at.

    `police_certificate_clean` stands in for the extended police certificate (§6 third para):
    the exclusion table of §6 first and second para is judged outside the suite for now.
    """

    mediator_id: str
    office: str
    municipality: str
    birth_date: date
    citizenship: str
    resident_in_norway_years: int
    lives_in_municipality: bool
    police_certificate_clean: bool
    position: Position
    on_leave: bool
