"""The steps the Act allows next on the breach ladder, with their consents and provisions
(§31 youth sentence, §33 youth follow-up, §36 second para cf. §33)."""

from __future__ import annotations

from datetime import date

import pytest
from youth_cases import LATER, NOW, REACTIONS, TODAY, P, conferenced, repeated, running, warned

from youth_plan.domain import commands
from youth_plan.domain.breach_ladder import provision
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.ladder_next import AllowedStep, allowed_next_steps
from youth_plan.domain.model import YouthCase
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Condition,
    InterruptionGrounds,
    RepeatedBreachAction,
    YouthReaction,
)

Y = YouthReaction


def steps_of(case: YouthCase, today: date = TODAY) -> dict[str, AllowedStep]:
    return {step.step: step for step in allowed_next_steps(case, today)}


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par23_par31_par33_no_ladder_before_the_plan_is_approved(reaction: Y) -> None:
    assert allowed_next_steps(conferenced(reaction), TODAY) == ()


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_a_running_case_may_only_record_a_breach(reaction: Y) -> None:
    assert list(steps_of(running(reaction))) == ["record_breach"]
    assert steps_of(running(reaction))["record_breach"].legal_basis == provision(
        reaction, "first para"
    )


def test_par31_first_and_second_para_after_a_breach_summons_or_conditions_with_consents() -> None:
    case = running(Y.YOUTH_SENTENCE)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    steps = steps_of(case)
    assert list(steps) == ["record_breach", "summon", "set_conditions"]
    assert steps["summon"].legal_basis == "konfliktrådsloven §31 first para"
    conditions = steps["set_conditions"]
    assert conditions.legal_basis == "konfliktrådsloven §31 second para"
    assert conditions.consents == (P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE)


def test_par33_second_para_conditions_need_only_the_offender_and_guardians() -> None:
    case = running(Y.YOUTH_FOLLOW_UP)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    assert steps_of(case)["set_conditions"].consents == (P.OFFENDER, P.GUARDIANS)


def test_par31_first_para_summoned_the_conversation_is_next() -> None:
    case = running(Y.YOUTH_SENTENCE)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    case.summon_to_breach_conversation(
        commands.SummonToBreachConversation(case.case_id, starts_at=NOW)
    )
    assert "hold_conversation" in steps_of(case)
    assert "summon" not in steps_of(case)


def test_par31_third_para_after_a_repeated_breach_conference_or_transfer_with_consents() -> None:
    steps = steps_of(repeated(Y.YOUTH_SENTENCE))
    assert steps["transfer"].consents == (P.CORRECTIONAL_SERVICE, P.POLICE)
    assert steps["transfer"].legal_basis == (
        "konfliktrådsloven §31 third para; straffeloven §28c fourth para"
    )
    assert steps["new_conference"].legal_basis == "konfliktrådsloven §31 third para"
    assert steps["new_conference"].consents == (P.CORRECTIONAL_SERVICE, P.POLICE)
    # fourth para: a new breach after a held conversation lets the coordinator interrupt
    interruption = steps[f"interrupt_{InterruptionGrounds.BREACH_AFTER_CONVERSATION.value}"]
    assert interruption.legal_basis == "konfliktrådsloven §31 fourth para"


def test_par33_third_para_transfer_to_the_prosecution_needs_no_consent() -> None:
    steps = steps_of(repeated(Y.YOUTH_FOLLOW_UP))
    assert steps["transfer"].consents == ()
    assert steps["transfer"].legal_basis == "konfliktrådsloven §33 third para; straffeloven §54"


def test_par31_fourth_para_a_no_show_opens_the_interruption() -> None:
    case = running(Y.YOUTH_SENTENCE)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    case.summon_to_breach_conversation(
        commands.SummonToBreachConversation(case.case_id, starts_at=NOW)
    )
    case.hold_breach_conversation(
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=False), NOW
    )
    steps = steps_of(case)
    assert steps["interrupt_no_show_at_conversation"].legal_basis == (
        "konfliktrådsloven §31 fourth para"
    )
    assert "summon" in steps


def test_par31_third_para_after_the_transfer_only_the_petitions_interruption_is_left() -> None:
    case = repeated(Y.YOUTH_SENTENCE)
    consents = frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER, consents)
        ),
        NOW,
    )
    assert list(steps_of(case, LATER)) == ["interrupt_petition_sent_to_court"]


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_every_listed_step_is_one_the_case_then_takes(reaction: Y) -> None:
    """The list is derived from the commands' own checks: a warned case offers conditions,
    and setting them with the listed consents is accepted."""
    case = warned(reaction)
    listed = steps_of(case)["set_conditions"]
    case.set_conditions(
        commands.SetConditions(
            case.case_id,
            conditions={Condition.RESIDENCE},
            necessity="to prevent new breaches",
            consents=set(listed.consents),
        ),
        NOW,
    )
