"""General requirements (konfliktrådsloven §5) for leaders, youth coordinators and mediators.

Reading of "over 18 år": the candidate has turned 18 — the 18th birthday is on or before the
appointment date (the usual reading in Norwegian law of "over N år" as an age limit: one
is "over 18" from the birthday). A candidate born on 29 February turns 18 on 28 February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konfliktrad_shared.legal_time import add_years, age_on

MINIMUM_AGE = 18
NORDIC_CITIZENSHIPS = frozenset({"NO", "SE", "DK", "FI", "IS"})
RESIDENCE_YEARS = 3
# ASSUMPTION: "the youngest mediators" (§5, domain rules §6) read as under 21 on the
# appointment date; the office makes the special assessment of which cases they take.
YOUNG_MEDIATOR_AGE = 21


@dataclass(frozen=True)
class Finding:
    """A requirement not met: the provision, why, and from when it would be met (None: not
    by waiting)."""

    legal_basis: str
    reason: str
    eligible_from: date | None


def of_age(birth_date: date, *, on: date) -> list[Finding]:
    if age_on(birth_date, on) >= MINIMUM_AGE:
        return []
    return [
        Finding(
            "konfliktrådsloven §5 first para no. 1",
            f"must be over {MINIMUM_AGE} on the appointment date",
            add_years(birth_date, MINIMUM_AGE),
        )
    ]


def nordic_or_resident(citizenship: str, resident_since: date | None, *, on: date) -> list[Finding]:
    """Registered as resident for the three years before the appointment: since at latest the
    same date three years earlier."""
    if citizenship.upper() in NORDIC_CITIZENSHIPS:
        return []
    if resident_since is not None and resident_since <= add_years(on, -RESIDENCE_YEARS):
        return []
    return [
        Finding(
            "konfliktrådsloven §5 first para no. 2",
            "must be a Nordic citizen or registered as resident in Norway for the last "
            f"{RESIDENCE_YEARS} years",
            add_years(resident_since, RESIDENCE_YEARS) if resident_since else None,
        )
    ]


def personally_suitable(suitable: bool | None) -> list[Finding]:
    if suitable:
        return []
    reason = (
        "not assessed as personally suitable"
        if suitable is False
        else "suitability not yet assessed"
    )
    return [Finding("konfliktrådsloven §5 first para no. 3", reason, None)]


def lives_in_municipality(lives_there: bool) -> list[Finding]:
    if lives_there:
        return []
    return [
        Finding(
            "konfliktrådsloven §5 second para",
            "a mediator must live in the municipality where the post is sought",
            None,
        )
    ]


def needs_case_assessment(birth_date: date, *, on: date) -> bool:
    """Among the youngest mediators, whose cases get a special assessment (§5)."""
    return age_on(birth_date, on) < YOUNG_MEDIATOR_AGE
