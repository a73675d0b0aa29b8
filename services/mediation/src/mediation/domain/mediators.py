"""Who may mediate a case (§14): appointed, in term, not revoked, from the case's office."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from mediation.domain.errors import RuleViolation

ASSIGNMENT = "konfliktrådsloven §14"
TERM = "konfliktrådsloven §14, §4 fourth para"


@dataclass(frozen=True)
class MediatorStanding:
    """What mediation knows of a mediator from vetting's events."""

    mediator_id: str
    office: str
    term_starts: date | None
    term_ends: date  # the first day the appointment no longer holds
    ends_early_on: date | None = None  # expired or revoked from this day
    ended_by: str | None = None


def must_be_able_to_mediate(
    standing: MediatorStanding | None, mediator_id: str, *, office: str, on: date
) -> None:
    if standing is None:
        raise RuleViolation(
            legal_basis=ASSIGNMENT, reason=f"{mediator_id} is not a mediator appointed by vetting"
        )
    if standing.office != office:
        raise RuleViolation(
            legal_basis=ASSIGNMENT,
            reason=f"{mediator_id} is not a mediator of the case's office",
        )
    if standing.ends_early_on is not None and on >= standing.ends_early_on:
        raise RuleViolation(
            legal_basis=f"{TERM} ({standing.ended_by})",
            reason=f"{mediator_id}'s appointment ended on {standing.ends_early_on.isoformat()}",
        )
    if on >= standing.term_ends or (standing.term_starts is not None and on < standing.term_starts):
        raise RuleViolation(
            legal_basis=TERM,
            reason=f"{mediator_id}'s term does not cover {on.isoformat()}",
        )


def must_form_a_panel(
    mediator_ids: Sequence[str],
    lead_mediator: str | None,
    standings: Mapping[str, MediatorStanding | None],
    *,
    office: str,
    on: date,
) -> str:
    """The panel's lead mediator: named when there are several, the one otherwise."""
    if not mediator_ids:
        raise RuleViolation(legal_basis=ASSIGNMENT, reason="a case needs at least one mediator")
    if len(set(mediator_ids)) != len(mediator_ids):
        raise RuleViolation(legal_basis=ASSIGNMENT, reason="a mediator is listed twice")
    for mediator_id in mediator_ids:
        must_be_able_to_mediate(standings.get(mediator_id), mediator_id, office=office, on=on)
    if len(mediator_ids) == 1:
        return lead_mediator or mediator_ids[0]
    if lead_mediator is None or lead_mediator not in mediator_ids:
        raise RuleViolation(
            legal_basis=ASSIGNMENT,
            reason="with more than one mediator, one of them must be named lead mediator",
        )
    return lead_mediator
