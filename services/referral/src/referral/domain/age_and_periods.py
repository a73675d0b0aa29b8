"""Age at the offence and the execution period (§23, strpl §71a), exact to the day.

An execution period may be given in months, as an end date, or both (then they must agree); it
is counted from the decision date. "Up to one year" allows the same date a year later, not the
day after.
"""

from __future__ import annotations

from datetime import date

from konfliktrad_shared.legal_time import add_months, age_on
from referral.domain.commands import RegisterTransferredCase
from referral.domain.errors import RuleViolation
from referral.domain.reaction_table import Row
from referral.domain.vocabulary import Reaction


def check_offender_age(cmd: RegisterTransferredCase, row: Row) -> None:
    age = age_on(cmd.offender.birth_date, cmd.offence_date)
    if cmd.reaction is Reaction.YOUTH_FOLLOW_UP and not 15 <= age < 18:
        raise RuleViolation(
            legal_basis=row.provision,
            reason=f"youth follow-up needs an offender aged 15–17 at the offence; was {age}",
        )
    if cmd.reaction is Reaction.YOUTH_SENTENCE and age >= 18:
        raise RuleViolation(
            legal_basis=row.provision,
            reason=f"a youth sentence needs an offender under 18 at the offence; was {age}",
        )


def check_youth_sentence_grounds(cmd: RegisterTransferredCase, row: Row) -> None:
    """A youth sentence is for repeated or serious crime by an offender who lives in Norway,
    as the court found it (straffeloven §52 a; domain-rules §1)."""
    if cmd.reaction is not Reaction.YOUTH_SENTENCE:
        return
    if cmd.repeated_or_serious_crime is not True:
        raise RuleViolation(
            legal_basis=row.provision,
            reason="a youth sentence is for repeated or serious crime: the court's finding "
            "(repeated_or_serious_crime) must be stated",
        )
    if cmd.offender.lives_in_norway is not True:
        raise RuleViolation(
            legal_basis=row.provision,
            reason="a youth sentence needs an offender who lives in Norway: the court's finding "
            "(offender.lives_in_norway) must be stated",
        )


def _limits(cmd: RegisterTransferredCase, row: Row) -> tuple[str, int, int] | None:
    """(provision, shortest, longest) in months, or None where the reaction has no period."""
    if cmd.reaction is Reaction.YOUTH_SENTENCE:
        longest = 36 if cmd.prison_would_clearly_exceed_two_years else 24
        return "konfliktrådsloven §23 first para", 6, longest
    if cmd.reaction is Reaction.YOUTH_FOLLOW_UP:
        return "konfliktrådsloven §23 second para", 0, 12
    if cmd.reaction is Reaction.FOLLOW_UP:
        return row.provision, 0, 12  # "with a duration of up to one year"
    return None  # mediation: agreement deadlines only


def execution_period_end(cmd: RegisterTransferredCase, row: Row) -> date | None:
    """The last day of the execution period, checked against its limits."""
    limits = _limits(cmd, row)
    if limits is None:
        return cmd.execution_ends_on
    provision, shortest, longest = limits
    try:
        low, high = add_months(cmd.decided_on, shortest), add_months(cmd.decided_on, longest)
    except ValueError:  # past the year 9999: no calendar holds the period
        raise RuleViolation(
            legal_basis=provision,
            reason=f"no period of {longest} months can be counted from {cmd.decided_on}",
        ) from None
    span = f"from {shortest} months to " if shortest else "up to "
    allowed = (
        f"{cmd.reaction.value} runs {span}{longest} months ({low} to {high} "
        f"from the decision on {cmd.decided_on})"
    )
    months = cmd.execution_months
    # The wire reads any whole number of months; the Act's limits are checked here, in
    # months before any date is counted, so no number is too large to answer.
    if months is not None and not max(shortest, 1) <= months <= longest:
        raise RuleViolation(legal_basis=provision, reason=f"{allowed}; {months} months is outside")
    by_months = None if months is None else add_months(cmd.decided_on, months)
    end = cmd.execution_ends_on or by_months
    if end is None:
        raise RuleViolation(legal_basis=provision, reason="the execution period must be stated")
    if by_months is not None and end != by_months:
        raise RuleViolation(
            legal_basis=provision,
            reason=f"{months} months from {cmd.decided_on} end on {by_months}, not on {end}",
        )
    if not (low <= end <= high and end > cmd.decided_on):
        raise RuleViolation(legal_basis=provision, reason=f"{allowed}; {end} is outside")
    return end
