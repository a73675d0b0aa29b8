from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vetting.domain.record import RecordEntry
from vetting.domain.vocabulary import Candidate, Committee, Requirement, Role


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
