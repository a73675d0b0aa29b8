from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MediatorAppointed:
    mediator_id: str
    office: str
    municipality: str
    term_starts: date
    term_ends: date
    appointed_at: datetime
