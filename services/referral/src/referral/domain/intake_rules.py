"""Whether the Act lets the office take a transferred criminal case (domain-rules §1).

Each check raises `RuleViolation` naming its provision; `check_transfer` runs them in the order
a case officer would, so the first answer is the most fundamental one. The rules themselves are
in `reaction_table`, `consent` and `age_and_periods`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konfliktrad_shared.reference.municipalities import known_offices
from referral.domain.age_and_periods import (
    check_offender_age,
    check_youth_sentence_grounds,
    execution_period_end,
)
from referral.domain.commands import RegisterTransferredCase
from referral.domain.consent import check_consent
from referral.domain.errors import RuleViolation
from referral.domain.reaction_table import Row, row_for
from referral.domain.vocabulary import DecisionBasis, Reaction


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


NAMED_OFFICE = "konfliktrådsloven §13 third para"


def check_named_office(cmd: RegisterTransferredCase) -> None:
    """The office is the one the prosecution names (§13 third para), so it must be one of
    Konfliktrådet's offices. Reading: the first para's rule (the victim's or complainant's
    municipality) gives way to the prosecution's choice "i saker som overføres fra
    påtalemyndigheten", so the offender's municipality is no condition: an offender abroad,
    or one whose municipality is unknown, can be transferred. A court's decision (suspended
    sentence, youth sentence) reaches the office through the prosecution, which executes it,
    and is read the same way."""
    if cmd.office not in known_offices():
        raise RuleViolation(
            legal_basis=NAMED_OFFICE,
            reason=f"the named office {cmd.office!r} is not one of Konfliktrådet's offices",
        )


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
    check_named_office(cmd)
    check_guilt_acknowledged(cmd)
    check_offender_age(cmd, row)
    check_youth_sentence_grounds(cmd, row)
    temporary_guardian_needed = check_consent(cmd)
    check_transfer_conditions(cmd)
    execution_ends_on = execution_period_end(cmd, row)
    return Intake(row, execution_ends_on, temporary_guardian_needed)
