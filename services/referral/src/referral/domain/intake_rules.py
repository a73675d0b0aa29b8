"""Whether the Act lets the office take a transferred criminal case (domain-rules §1).

Each check raises `RuleViolation` naming its provision; `check_transfer` runs them in the order
a case officer would, so the first answer is the most fundamental one. The rules themselves are
in `reaction_table`, `consent` and `age_and_periods`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from referral.domain.age_and_periods import (
    check_offender_age,
    check_youth_sentence_grounds,
    execution_period_end,
)
from referral.domain.commands import DecisionBasis, Reaction, RegisterTransferredCase
from referral.domain.consent import check_consent
from referral.domain.errors import RuleViolation
from referral.domain.offices import office_for_municipality
from referral.domain.reaction_table import Row, row_for


@dataclass(frozen=True)
class Intake:
    """What the checks established about an accepted case."""

    row: Row
    execution_ends_on: date | None
    temporary_guardian_needed: bool


def check_guilt_acknowledged(cmd: RegisterTransferredCase) -> None:
    if not cmd.offender.acknowledges_guilt:
        raise RuleViolation(
            legal_basis="straffeprosessloven §71a first para",
            reason="guilt must be considered proven: the offender has not acknowledged guilt",
        )


def check_known_municipality(cmd: RegisterTransferredCase) -> None:
    """The party's municipality must be one the office table knows: it decides the office (§13)."""
    office_for_municipality(cmd.offender.municipality)


def check_transfer_conditions(cmd: RegisterTransferredCase) -> None:
    """Conditions the prosecution may attach to a §71a transfer (third and fourth para)."""
    transfer = cmd.decision_basis is DecisionBasis.TRANSFER
    if cmd.no_new_crimes_condition and not (
        transfer and cmd.reaction in (Reaction.FOLLOW_UP, Reaction.YOUTH_FOLLOW_UP)
    ):
        raise RuleViolation(
            legal_basis="straffeprosessloven §71a third para",
            reason="only a transfer to follow-up or youth follow-up may be conditional on "
            "no new crimes",
        )
    if cmd.compensation_condition and not (transfer and cmd.reaction is Reaction.YOUTH_FOLLOW_UP):
        raise RuleViolation(
            legal_basis="straffeprosessloven §71a fourth para",
            reason="only a transfer to youth follow-up may be conditional on paying compensation",
        )


def check_transfer(cmd: RegisterTransferredCase) -> Intake:
    row = row_for(cmd.reaction, cmd.decision_basis, cmd.decided_by, cmd.condition)
    check_known_municipality(cmd)
    check_guilt_acknowledged(cmd)
    check_offender_age(cmd, row)
    check_youth_sentence_grounds(cmd, row)
    temporary_guardian_needed = check_consent(cmd)
    check_transfer_conditions(cmd)
    execution_ends_on = execution_period_end(cmd, row)
    return Intake(row, execution_ends_on, temporary_guardian_needed)
