"""Mediation's own view of the mediators vetting appointed (§4 fourth para, §14)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from konfliktrad_shared.legal_time import norwegian_date
from mediation.domain import terms
from mediation.domain.events import MediatorAddedToRoster
from mediation.domain.mediators import MediatorStanding


@dataclass
class RosterEntry:
    mediator_id: str
    office: str
    term_ends: date
    available_from: datetime
    term_starts: date | None = None
    ends_early_on: date | None = None
    ended_by: str | None = None
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def add(
        cls,
        *,
        mediator_id: str,
        office: str,
        term_ends: date,
        now: datetime,
        term_starts: date | None = None,
    ) -> RosterEntry:
        terms.must_be_within_term(term_ends, on=norwegian_date(now))
        entry = cls(
            mediator_id=mediator_id,
            office=office,
            term_ends=term_ends,
            available_from=now,
            term_starts=term_starts,
        )
        entry.events.append(MediatorAddedToRoster(mediator_id, office, term_ends, now))
        return entry

    def renew(self, *, term_starts: date, term_ends: date) -> None:
        """A new term follows: an earlier expiry no longer stands, a revocation does."""
        self.term_ends = max(self.term_ends, term_ends)
        if self.ended_by == "expired":
            self.ends_early_on, self.ended_by = None, None

    def expire(self, *, on: date) -> None:
        if self.ends_early_on is None or on < self.ends_early_on:
            self.ends_early_on, self.ended_by = on, "expired"

    def revoke(self, *, effective_on: date, legal_basis: str) -> None:
        if self.ends_early_on is None or effective_on <= self.ends_early_on:
            self.ends_early_on, self.ended_by = effective_on, f"revoked under {legal_basis}"

    def standing(self) -> MediatorStanding:
        return MediatorStanding(
            mediator_id=self.mediator_id,
            office=self.office,
            term_starts=self.term_starts,
            term_ends=self.term_ends,
            ends_early_on=self.ends_early_on,
            ended_by=self.ended_by,
        )
