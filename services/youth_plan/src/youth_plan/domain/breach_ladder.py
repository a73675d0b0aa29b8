"""The breach ladder (§31 youth sentence, §33 youth follow-up, §36 cf. §33 follow-up in the
office): what a breach leads to.

Each step is a value with its provision, so the outcome can always say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from youth_plan.domain.commands import YouthReaction


class LadderStep(StrEnum):
    BREACH_CONVERSATION = "breach_conversation"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class LadderOutcome:
    step: LadderStep
    legal_basis: str
    consequence: str


def first_breach(reaction: YouthReaction) -> LadderOutcome:
    """A breach with no breach conversation held yet: the coordinator may summon one."""
    if reaction is YouthReaction.YOUTH_SENTENCE:
        basis = "konfliktrådsloven §31 first para"
    elif reaction is YouthReaction.FOLLOW_UP:
        basis = "konfliktrådsloven §36, cf. §33 first para"
    else:
        basis = "konfliktrådsloven §33 first para"
    return LadderOutcome(
        step=LadderStep.BREACH_CONVERSATION,
        legal_basis=basis,
        consequence="the coordinator may summon the offender to a breach conversation",
    )


def breach_after_conversation(reaction: YouthReaction) -> LadderOutcome:
    """A new breach after the breach conversation: the case goes to the deciding agency."""
    if reaction is YouthReaction.YOUTH_SENTENCE:
        return LadderOutcome(
            step=LadderStep.TRANSFER,
            legal_basis="konfliktrådsloven §31 third para; straffeloven §28c fourth para",
            consequence=(
                "transferred to the correctional service's regional level, recommending that "
                "the court be asked to execute the suspended prison sentence"
            ),
        )
    return LadderOutcome(
        step=LadderStep.TRANSFER,
        legal_basis=(
            "konfliktrådsloven §36, cf. §33 third para"
            if reaction is YouthReaction.FOLLOW_UP
            else "konfliktrådsloven §33 third para"
        ),
        consequence="transferred to the prosecution, which decides whether to resume prosecution",
    )
