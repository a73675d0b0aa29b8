"""Vetting's nouns: the roles one is appointed to, the applicant and the committee, and the
requirements of §§5–7. Commands, events, rules, schemas and entry points import them from here,
not from each other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vetting.domain.position import Position
from vetting.domain.record import RecordEntry


class Role(StrEnum):
    MEDIATOR = "mediator"
    YOUTH_COORDINATOR = "youth_coordinator"
    OFFICE_LEADER = "office_leader"


@dataclass(frozen=True)
class Candidate:
    """The applicant's personal facts: sealed at rest, never in an event (§9).

    `suitable` is the office's assessment of personal suitability (§5 first para no. 3):
    None until assessed. `police_certificate_received_on`: the day the office received the
    extended police certificate (§6 third para); None while none has come — which is not the
    same as a clean certificate (received, with no entries in `record`).
    `gender`, `occupation` and `background` feed only the aggregated
    composition report (§4 first para).
    """

    name: str
    birth_date: date
    citizenship: str
    resident_since: date | None
    lives_in_municipality: bool
    position: Position = Position.NONE
    on_leave: bool = False
    suitable: bool | None = None
    suitability_note: str = ""
    gender: str = "unstated"
    occupation: str = "unstated"
    background: str = "unstated"
    record: tuple[RecordEntry, ...] = ()
    police_certificate_received_on: date | None = None
    national_id: str | None = None  # how the person is found when they ask what is held


@dataclass(frozen=True)
class Committee:
    """The appointment committee (§4 second para): one member named by the municipal
    council(s), one from the police, and the office leader."""

    municipal_member: str
    police_member: str
    office_leader: str


class Requirement(StrEnum):
    CITIZENSHIP_OR_RESIDENCE = "citizenship_or_residence"
    SUITABILITY = "suitability"
    LIVES_IN_MUNICIPALITY = "lives_in_municipality"
    RECORD = "record"
    POSITION = "position"
