"""A mediator serves for the term of the appointment (§4 fourth para), in Norwegian dates."""

from __future__ import annotations

from datetime import date

from mediation.domain.errors import RuleViolation

NORWAY = "Europe/Oslo"


def must_be_within_term(term_ends: date, *, on: date) -> None:
    """`term_ends` is the first day the appointment no longer holds."""
    if on >= term_ends:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §4 fourth para",
            reason=f"the mediator's four-year term ended on {term_ends.isoformat()}",
        )
