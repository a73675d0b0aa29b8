"""The plan (§25; §36 first para for follow-up in the office): its measures, who approves it,
and where the case goes when no plan is agreed."""

from __future__ import annotations

from collections.abc import Set
from enum import StrEnum

from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import Measure, YouthReaction

YOUTH_SENTENCE_ONLY = frozenset({Measure.INSTITUTION, Measure.TREATMENT})
SUSPENDED_SENTENCE = "strl_53_no3"  # agencies.DecisionBasis values, kept as plain strings here
YOUTH_SENTENCE = "strl_28c"


class ReturnedTo(StrEnum):
    COURT = "court"
    PROSECUTION = "prosecution"


# Each citation a literal, so a reader (and `devtools provisions`) finds it.
PLAN_PROVISIONS = {
    "first para": "konfliktrådsloven §25 first para",
    "second para": "konfliktrådsloven §25 second para",
    "third para": "konfliktrådsloven §25 third para",
}


def basis(reaction: YouthReaction, para: str = "first para") -> str:
    if reaction is YouthReaction.FOLLOW_UP:
        return "konfliktrådsloven §36 first para"
    return PLAN_PROVISIONS[para]


def check_measures(reaction: YouthReaction, measures: Set[Measure]) -> None:
    if YOUTH_SENTENCE_ONLY & measures and reaction is not YouthReaction.YOUTH_SENTENCE:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §25 second para",
            reason="a stay in an institution or other treatment is a measure of a youth "
            "sentence only",
        )


def check_approvals(
    reaction: YouthReaction,
    offender_is_minor: bool,
    *,
    coordinator: bool,
    offender: bool,
    guardians: bool,
) -> None:
    """§25 first para: coordinator, offender and guardians. §36: the office (its coordinator
    approves for it) and the offender — and a minor's guardians (§11 second para).

    `offender_is_minor` is the offender's status on the day of approval: an offender who has
    turned 18 has no guardians (guardianship ends at majority), so the plan is approved by the
    coordinator and the offender alone, in every reaction."""
    in_office = reaction is YouthReaction.FOLLOW_UP
    approvals = [
        ("the office" if in_office else "the youth coordinator", coordinator),
        ("the offender", offender),
    ]
    if offender_is_minor:
        approvals.append(("the offender's guardians", guardians))
    missing = [who for who, approved in approvals if not approved]
    if missing:
        plan = "the individual plan" if in_office else "the youth plan"
        raise RuleViolation(
            legal_basis=basis(reaction),
            reason=f"{plan} must be approved by {', '.join(missing)}",
        )


def returned_to(decision_basis: str) -> tuple[ReturnedTo, str]:
    """§25 fourth para: a youth sentence, or youth follow-up as a condition of a suspended
    sentence, goes back to the court; fifth para: a conditional waiver or a strpl §71a second
    para transfer goes back to the prosecution (and so does follow-up in the office, whose
    sender is the prosecution unless a court set it as a condition)."""
    if decision_basis in (YOUTH_SENTENCE, SUSPENDED_SENTENCE):
        return ReturnedTo.COURT, "konfliktrådsloven §25 fourth para"
    return ReturnedTo.PROSECUTION, "konfliktrådsloven §25 fifth para"
