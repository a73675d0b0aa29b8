"""The steps the Act allows next on the breach ladder (§31, §33, §36 second para cf. §33), each
with the consents it needs and its provision: what the coordinator's screen offers.

Derived from the very checks the commands run (`breach_ladder`, `execution.check_interruption`),
so the list cannot promise a step the case would then refuse, nor hide one it would take.
A step is listed when its check passes for the case as it stands today; the consents are those
the check would demand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from youth_plan.domain import breach_ladder, execution
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.case_state import CaseState
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import InterruptionGrounds, Participant, YouthReaction


@dataclass(frozen=True)
class AllowedStep:
    step: str
    legal_basis: str
    consents: tuple[Participant, ...] = ()


def allowed_next_steps(case: CaseState, today: date) -> tuple[AllowedStep, ...]:
    """Every ladder step the case may take today, in the ladder's order. Nothing while
    execution is not running (no conference, no plan, interrupted, completed); after a
    transfer only the interruptions the transfer opens."""
    steps: list[AllowedStep] = []
    reaction, stage = case.reaction, case.ladder_stage
    if _passes(
        lambda: case._require_running(breach_ladder.provision(reaction, "first para"), today)
    ):
        steps.append(AllowedStep("record_breach", breach_ladder.provision(reaction, "first para")))
        if _passes(lambda: breach_ladder.check_summons(reaction, stage)):
            steps.append(AllowedStep("summon", breach_ladder.provision(reaction, "first para")))
        if _passes(lambda: breach_ladder.check_conversation(reaction, stage)):
            basis = breach_ladder.provision(reaction, "first para")
            steps.append(AllowedStep("hold_conversation", basis))
        if stage in breach_ladder.CONDITIONS_STAGES:
            consents = breach_ladder.consents_for_conditions(
                reaction, case.offender_is_minor_on(today)
            )
            basis = breach_ladder.provision(reaction, "second para")
            steps.append(AllowedStep("set_conditions", basis, _ordered(consents)))
        if stage is LadderStage.REPEATED_BREACH:
            needed = _ordered(breach_ladder.consents_for_repeated_breach(reaction))
            steps.append(AllowedStep("new_conference", _new_conference_basis(reaction), needed))
            steps.append(
                AllowedStep("transfer", breach_ladder.transfer(reaction).legal_basis, needed)
            )
    if case.interrupted_on is None and case.completed_on is None and case.execution_starts:
        steps.extend(_interruptions(case))
    return tuple(steps)


def _interruptions(case: CaseState) -> list[AllowedStep]:
    allowed = []
    for grounds in InterruptionGrounds:
        try:
            basis = execution.check_interruption(
                case.reaction,
                grounds,
                stage=case.ladder_stage,
                conversation_held=case.conversation_held_on is not None,
                new_crime=case.new_crime,
            )
        except RuleViolation:
            continue
        allowed.append(AllowedStep(f"interrupt_{grounds.value}", basis))
    return allowed


def _new_conference_basis(reaction: YouthReaction) -> str:
    return breach_ladder.new_conference(reaction).legal_basis


def _ordered(consents: frozenset[Participant]) -> tuple[Participant, ...]:
    return tuple(sorted(consents, key=list(Participant).index))


def _passes(check: Callable[[], None]) -> bool:
    try:
        check()
    except RuleViolation:
        return False
    return True
