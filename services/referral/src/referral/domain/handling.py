"""Handling time (konfliktrådsloven §10 second para, §20 first para).

Cases are handled as soon as possible; a case transferred by the prosecution or a court must
be handled, and if it has to be postponed the prosecution is told when it is expected to be.
"""

from __future__ import annotations

from datetime import date, datetime

from referral.domain.errors import RuleViolation

POSTPONEMENT = "konfliktrådsloven §20 first para"


def days_since_receipt(received_at: datetime, today: date) -> int:
    return (today - received_at.date()).days


def check_postponement(*, criminal: bool, expected_on: date, reason: str, today: date) -> None:
    if not criminal:
        raise RuleViolation(
            legal_basis=POSTPONEMENT,
            reason="postponement with notice to the prosecution applies to criminal cases",
        )
    if expected_on <= today:
        raise RuleViolation(
            legal_basis=POSTPONEMENT,
            reason=f"the expected handling date must be after today ({today.isoformat()})",
        )
    if not reason.strip():
        raise RuleViolation(legal_basis=POSTPONEMENT, reason="a postponement must say why")
