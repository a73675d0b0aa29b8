"""A sender withdraws a transferred case: the decision that sent it no longer stands.

The office's duty to handle a transferred case (konfliktrådsloven §20 first para) lasts as
long as the decision that transferred it: withdrawn, the case is closed and nothing more is
done in it. Only the case's own sender withdraws it (`senders`). A withdrawn case cannot be
corrected back to life; a new decision is a new referral under a new reference.
"""

from __future__ import annotations

from datetime import date

from referral.domain.errors import RuleViolation

WITHDRAWAL = "konfliktrådsloven §20 first para"


def check_withdrawal(withdrawn_on: date, *, decided_on: date, today: date) -> None:
    if withdrawn_on < decided_on:
        raise RuleViolation(
            legal_basis=WITHDRAWAL,
            reason=f"withdrawn on {withdrawn_on}, before the decision of {decided_on} it withdraws",
        )
    if withdrawn_on > today:
        raise RuleViolation(
            legal_basis=WITHDRAWAL, reason=f"a withdrawal cannot be dated ahead ({withdrawn_on})"
        )


def refuse_correction_of_withdrawn_case() -> RuleViolation:
    return RuleViolation(
        legal_basis=WITHDRAWAL,
        reason="the case was withdrawn: a new decision is a new referral with a new reference",
    )
