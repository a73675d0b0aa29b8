"""Who may be appointed mediator (§§5–7). One function per requirement, each citing its §."""

from __future__ import annotations

from datetime import date

from vetting.domain.commands import AppointMediator, Position
from vetting.domain.errors import RuleViolation

MINIMUM_AGE = 18
NORDIC_CITIZENSHIPS = frozenset({"NO", "SE", "DK", "FI", "IS"})
RESIDENCE_YEARS_REQUIRED = 3
EXCLUDED_POSITIONS = frozenset({Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT})


def check(candidate: AppointMediator, *, on: date) -> None:
    """Raises the first requirement the candidate fails, judged on the appointment date."""
    must_be_of_age(candidate.birth_date, on=on)
    must_be_nordic_or_resident(candidate.citizenship, candidate.resident_in_norway_years)
    must_live_in_municipality(candidate.lives_in_municipality)
    must_have_clean_record(candidate.police_certificate_clean)
    must_not_hold_excluded_position(candidate.position, on_leave=candidate.on_leave)


def must_be_of_age(birth_date: date, *, on: date) -> None:
    # "over 18 år" is read as: the 18th birthday is on or before the appointment date.
    if age_on(birth_date, on) < MINIMUM_AGE:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §5 first para no. 1",
            reason=f"a mediator must be over {MINIMUM_AGE} on the appointment date",
        )


def must_be_nordic_or_resident(citizenship: str, resident_in_norway_years: int) -> None:
    if citizenship.upper() in NORDIC_CITIZENSHIPS:
        return
    if resident_in_norway_years < RESIDENCE_YEARS_REQUIRED:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §5 first para no. 2",
            reason=(
                "a mediator must be a Nordic citizen or registered as resident in Norway "
                f"for the last {RESIDENCE_YEARS_REQUIRED} years"
            ),
        )


def must_live_in_municipality(lives_in_municipality: bool) -> None:
    if not lives_in_municipality:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §5 second para",
            reason="a mediator must live in the municipality where the post is sought",
        )


def must_have_clean_record(police_certificate_clean: bool) -> None:
    # Simplified: the full exclusion table (§6 first para nos. 1–11, second para) is a later
    # issue; until then the committee reads the certificate and reports the outcome.
    if not police_certificate_clean:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §6",
            reason="the extended police certificate shows a record that excludes appointment",
        )


def must_not_hold_excluded_position(position: Position, *, on_leave: bool) -> None:
    if position in EXCLUDED_POSITIONS and not on_leave:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §7",
            reason=(
                f"a candidate in the position {position.value!r} cannot be appointed "
                "unless on leave from it"
            ),
        )


def age_on(birth_date: date, on: date) -> int:
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)
