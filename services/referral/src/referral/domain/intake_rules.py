"""Whether the Act lets the office take a transferred criminal case (domain-rules §1).

Each check raises `RuleViolation` naming its provision; `check_transfer` runs them in the order
a case officer would, so the first answer is the most fundamental one.
"""

from __future__ import annotations

from datetime import date

from referral.domain.commands import DecisionBasis, Reaction, RegisterTransferredCase
from referral.domain.errors import RuleViolation

ALLOWED_BASES: dict[Reaction, frozenset[DecisionBasis]] = {
    Reaction.MEDIATION: frozenset(
        {
            DecisionBasis.TRANSFER,
            DecisionBasis.CONDITIONAL_WAIVER,
            DecisionBasis.SUSPENDED_SENTENCE,
            DecisionBasis.COMMUNITY_SENTENCE,
        }
    ),
    Reaction.FOLLOW_UP: frozenset(
        {DecisionBasis.TRANSFER, DecisionBasis.CONDITIONAL_WAIVER, DecisionBasis.SUSPENDED_SENTENCE}
    ),
    Reaction.YOUTH_FOLLOW_UP: frozenset(
        {DecisionBasis.TRANSFER, DecisionBasis.CONDITIONAL_WAIVER, DecisionBasis.SUSPENDED_SENTENCE}
    ),
    Reaction.YOUTH_SENTENCE: frozenset({DecisionBasis.YOUTH_SENTENCE}),
}
YOUTH_REACTIONS = frozenset({Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE})


def age_on(birth_date: date, day: date) -> int:
    """Whole years, exact to the day: one is 18 from the 18th birthday itself."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def check_legal_basis(cmd: RegisterTransferredCase) -> None:
    if cmd.decision_basis not in ALLOWED_BASES[cmd.reaction]:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §1 second para",
            reason=f"{cmd.reaction.value} cannot be decided under {cmd.decision_basis.value}",
        )


def check_guilt_acknowledged(cmd: RegisterTransferredCase) -> None:
    if not cmd.offender.acknowledges_guilt:
        raise RuleViolation(
            legal_basis="straffeprosessloven §71a first para",
            reason="guilt must be considered proven: the offender has not acknowledged guilt",
        )


def check_offender_age(cmd: RegisterTransferredCase) -> None:
    age = age_on(cmd.offender.birth_date, cmd.offence_date)
    if cmd.reaction is Reaction.YOUTH_FOLLOW_UP and not 15 <= age < 18:
        raise RuleViolation(
            legal_basis="straffeprosessloven §71a second para",
            reason=f"youth follow-up needs an offender aged 15–17 at the offence; was {age}",
        )
    if cmd.reaction is Reaction.YOUTH_SENTENCE and age >= 18:
        raise RuleViolation(
            legal_basis="straffeloven §52 a first para",
            reason=f"a youth sentence needs an offender under 18 at the offence; was {age}",
        )


def check_consent(cmd: RegisterTransferredCase) -> None:
    if not cmd.offender.consents:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §11 first para",
            reason="the offender has not consented",
        )
    if age_on(cmd.offender.birth_date, cmd.decided_on) >= 18:
        return
    guardians = cmd.offender.guardians
    if not guardians or not all(guardian.consents for guardian in guardians):
        basis = "fourth" if cmd.reaction in YOUTH_REACTIONS else "second"
        raise RuleViolation(
            legal_basis=f"konfliktrådsloven §11 {basis} para",
            reason="a party under 18 needs the consent of every guardian",
        )


def check_execution_period(cmd: RegisterTransferredCase) -> None:
    months = cmd.execution_months
    if cmd.reaction in (Reaction.YOUTH_FOLLOW_UP, Reaction.FOLLOW_UP) and (
        months is None or months > 12
    ):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §23 second para",
            reason="the execution period must be stated and at most one year",
        )
    if cmd.reaction is Reaction.YOUTH_SENTENCE:
        ceiling = 36 if cmd.prison_would_clearly_exceed_two_years else 24
        if months is None or not 6 <= months <= ceiling:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §23 first para",
                reason=f"a youth sentence runs from six months to {ceiling // 12} years",
            )


def check_transfer(cmd: RegisterTransferredCase) -> None:
    check_legal_basis(cmd)
    check_guilt_acknowledged(cmd)
    check_offender_age(cmd)
    check_consent(cmd)
    check_execution_period(cmd)
