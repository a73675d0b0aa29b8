from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from vetting.domain.vocabulary import Role


@dataclass(frozen=True)
class MediatorAppointed:
    mediator_id: str
    office: str
    municipality: str
    role: Role
    term_starts: date
    term_ends: date | None  # None: not time-limited (leader, employees)
    appointed_at: datetime


@dataclass(frozen=True)
class TermRenewed:
    mediator_id: str
    office: str
    role: Role
    term_starts: date
    term_ends: date
    renewed_at: datetime


@dataclass(frozen=True)
class TermExpired:
    mediator_id: str
    office: str
    role: Role
    expired_on: date


@dataclass(frozen=True)
class Revoked:
    mediator_id: str
    office: str
    role: Role
    effective_on: date
    legal_basis: str
    revoked_at: datetime
