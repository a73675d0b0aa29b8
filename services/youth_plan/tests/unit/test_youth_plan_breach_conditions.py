"""The breach ladder's conditions, for each of the three reactions: §31 second para (youth
sentence), §33 second para (youth follow-up), §36 second para cf. §33; and a breach of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from youth_cases import (
    EVERYONE_CONSENTS,
    LATER,
    NOW,
    PARA,
    REACTIONS,
    TODAY,
    TRANSFER,
    P,
    consents_for,
    running,
)

from youth_plan.domain import commands
from youth_plan.domain.breach_ladder import LadderStage, LadderStep
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import (
    ConditionsSet,
)
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Condition,
    YouthReaction,
)

Y = YouthReaction


CONDITIONS = frozenset({Condition.RESIDENCE, Condition.NO_CONTACT})


@pytest.mark.parametrize(
    ("reaction", "required"),
    [
        (Y.YOUTH_SENTENCE, EVERYONE_CONSENTS),
        (Y.YOUTH_FOLLOW_UP, frozenset({P.OFFENDER, P.GUARDIANS})),
        (Y.FOLLOW_UP, frozenset({P.OFFENDER, P.GUARDIANS})),  # the offender is a minor
    ],
)
def test_par31_par33_second_para_conditions_need_the_consents_the_act_names(
    reaction: Y, required: frozenset[P]
) -> None:
    for left_out in required:
        case = running(reaction)
        case.record_breach(
            commands.RecordBreach(
                case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
            ),
            NOW,
        )
        with pytest.raises(RuleViolation) as raised:
            case.set_conditions(
                commands.SetConditions(
                    case.case_id,
                    conditions=CONDITIONS,
                    necessity="n",
                    consents=required - {left_out},
                ),
                NOW,
            )
        assert raised.value.legal_basis == f"{PARA[reaction]} second para"
        assert raised.value.reason == f"missing consent of: {left_out.value}"
    case.set_conditions(
        commands.SetConditions(
            case.case_id, conditions=CONDITIONS, necessity="n", consents=required
        ),
        NOW,
    )
    assert case.ladder_stage is LadderStage.WARNED
    [conditions_set] = [e for e in case.events if isinstance(e, ConditionsSet)]
    assert conditions_set.conditions == ("a_residence", "b_no_contact")


def test_par36_cf_par33_second_para_an_adult_offender_consents_alone() -> None:
    case = running(Y.FOLLOW_UP, minor=False)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    case.set_conditions(
        commands.SetConditions(
            case.case_id, conditions=CONDITIONS, necessity="n", consents=frozenset({P.OFFENDER})
        ),
        NOW,
    )
    assert case.conditions == ["a_residence", "b_no_contact"]


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_second_para_conditions_follow_a_breach_and_are_needed(reaction: Y) -> None:
    case = running(reaction)
    with pytest.raises(RuleViolation) as raised:
        case.set_conditions(
            commands.SetConditions(
                case.case_id, conditions=CONDITIONS, necessity="n", consents=EVERYONE_CONSENTS
            ),
            NOW,
        )
    assert "no breach is pending" in raised.value.reason
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    for conditions, necessity in ((frozenset(), "n"), (CONDITIONS, "  ")):
        with pytest.raises(RuleViolation):
            case.set_conditions(
                commands.SetConditions(
                    case.case_id,
                    conditions=conditions,
                    necessity=necessity,
                    consents=EVERYONE_CONSENTS,
                ),
                NOW,
            )


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_breach_of_the_conditions_is_a_repeated_breach(
    reaction: Y,
) -> None:
    """Conditions instead of the conversation: the next breach may be transferred."""
    case = running(reaction)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    case.set_conditions(
        commands.SetConditions(
            case.case_id, conditions=CONDITIONS, necessity="n", consents=EVERYONE_CONSENTS
        ),
        NOW,
    )
    outcome = case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=LATER, obligation=BreachedObligation.LADDER_CONDITION
        ),
        NOW,
    )
    assert outcome.step is LadderStep.NEW_CONFERENCE_OR_TRANSFER
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction))
        ),
        NOW,
    )
    assert case.ladder_stage is LadderStage.TRANSFERRED


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_no_condition_breach_before_conditions_are_set(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).record_breach(
            commands.RecordBreach(
                "c1", occurred_on=TODAY, obligation=BreachedObligation.LADDER_CONDITION
            ),
            NOW,
        )
    assert raised.value.legal_basis == f"{PARA[reaction]} third para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_breach_committed_before_the_conversation_is_not_a_new_one(
    reaction: Y,
) -> None:
    case = running(reaction)
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
        commands.HoldBreachConversation(case.case_id, held_on=LATER, attended=True), NOW
    )
    late = case.record_breach(
        commands.RecordBreach(
            case.case_id,
            occurred_on=LATER - timedelta(days=3),
            obligation=BreachedObligation.YOUTH_PLAN,
        ),
        NOW,
    )
    assert late.step is LadderStep.BREACH_CONVERSATION
    assert case.ladder_stage is LadderStage.WARNED
    after = case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=LATER, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    assert after.step is LadderStep.NEW_CONFERENCE_OR_TRANSFER
