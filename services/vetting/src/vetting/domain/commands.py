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


@dataclass(frozen=True)
class Committee:
    """The appointment committee (§4 second para): one member named by the municipal
    council(s), one from the police, and the office leader."""

    municipal_member: str
    police_member: str
    office_leader: str


@dataclass(frozen=True)
class SubmitApplication:
    application_id: str
    office: str
    role: Role
    municipality: str
    candidate: Candidate
    employed: bool = False  # an employee of the office: no term limit (§4 fourth para)


@dataclass(frozen=True)
class Appoint:
    application_id: str
    mediator_id: str
    committee: Committee


@dataclass(frozen=True)
class RecordPoliceCertificate:
    """The office received the candidate's extended police certificate (§6 third para), with
    the entries it lists (none: a clean certificate)."""

    application_id: str
    received_on: date
    entries: tuple[RecordEntry, ...] = ()


@dataclass(frozen=True)
class RenewTerm:
    mediator_id: str
    committee: Committee


class Requirement(StrEnum):
    CITIZENSHIP_OR_RESIDENCE = "citizenship_or_residence"
    SUITABILITY = "suitability"
    LIVES_IN_MUNICIPALITY = "lives_in_municipality"
    RECORD = "record"
    POSITION = "position"


@dataclass(frozen=True)
class Revoke:
    """The appointment committee's decision (§4 fifth para) that a requirement of §§5–7 is no
    longer met, known from a self-report (§6 third para) or otherwise. With a record entry,
    the entry is judged under §6 on the revocation date."""

    mediator_id: str
    requirement: Requirement
    self_reported: bool
    committee: Committee
    record_entry: RecordEntry | None = None


@dataclass(frozen=True)
class EndTerm:
    """The durable expiry deadline fell due for the term that ends on `term_ends`."""

    mediator_id: str
    term_ends: date


@dataclass(frozen=True)
class RecordCoverageException:
    office: str
    municipality: str
    reason: str
