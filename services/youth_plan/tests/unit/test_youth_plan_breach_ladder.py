"""The breach ladder, every path for each of the three reactions: §31 (youth sentence), §33
(youth follow-up), §36 second para cf. §33 (follow-up in the office)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from youth_cases import (
    EVERYONE_CONSENTS,
    LATER,
    NOW,
    REACTIONS,
    TODAY,
    P,
    repeated,
    running,
    warned,
)

from youth_plan.domain.breach_ladder import LadderStage, LadderStep, provision
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import (
    BreachConversationScheduled,
    BreachEscalated,
    ConditionsSet,
    NewConferenceConvened,
)
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Condition,
    RepeatedBreachAction,
    YouthReaction,
)

Y = YouthReaction
TRANSFER = RepeatedBreachAction.TRANSFER
PARA = {
    Y.YOUTH_SENTENCE: "konfliktrådsloven §31",
    Y.YOUTH_FOLLOW_UP: "konfliktrådsloven §33",
    Y.FOLLOW_UP: "konfliktrådsloven §36 second para, cf. §33",
}


def consents_for(reaction: YouthReaction) -> frozenset[P]:
    return (
        frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
        if reaction is Y.YOUTH_SENTENCE
        else frozenset()
    )


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_par36_provisions_name_the_reactions_own_section(reaction: Y) -> None:
    assert provision(reaction, "first para") == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_a_breach_allows_a_breach_conversation(reaction: Y) -> None:
    case = running(reaction)
    outcome = case.record_breach(occurred_on=TODAY, now=NOW)
    assert outcome.step is LadderStep.BREACH_CONVERSATION
    assert outcome.legal_basis == f"{PARA[reaction]} first para"
    assert case.ladder_stage is LadderStage.BREACH


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_only_an_intentional_or_negligent_breach_counts(
    reaction: Y,
) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).record_breach(occurred_on=TODAY, now=NOW, intentional_or_negligent=False)
    assert raised.value.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_the_summons_reaches_offender_and_guardians_only(
    reaction: Y,
) -> None:
    case = running(reaction)
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.summon_to_breach_conversation(starts_at=NOW)
    [summons] = [e for e in case.events if isinstance(e, BreachConversationScheduled)]
    assert {p["party_id"] for p in summons.participants} == {"offender", "guardian-offender-1"}
    assert summons.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_no_summons_without_a_breach(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).summon_to_breach_conversation(starts_at=NOW)
    assert raised.value.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_no_conversation_without_a_summons(reaction: Y) -> None:
    case = running(reaction)
    case.record_breach(occurred_on=TODAY, now=NOW)
    with pytest.raises(RuleViolation) as raised:
        case.hold_breach_conversation(held_on=TODAY, attended=True, now=NOW)
    assert "not been summoned" in raised.value.reason


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_breach_after_the_conversation_is_a_repeated_breach(
    reaction: Y,
) -> None:
    case = repeated(reaction)
    assert case.ladder_stage is LadderStage.REPEATED_BREACH
    assert not [e for e in case.events if isinstance(e, BreachEscalated)], "no auto-escalation"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_transfer_after_the_repeated_breach(reaction: Y) -> None:
    case = repeated(reaction)
    outcome = case.decide_on_repeated_breach(
        decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction)), now=NOW
    )
    assert outcome.step is LadderStep.TRANSFER
    assert outcome.legal_basis.startswith(f"{PARA[reaction]} third para")
    [escalated] = [e for e in case.events if isinstance(e, BreachEscalated)]
    assert escalated.breaches == 2 and escalated.legal_basis == outcome.legal_basis
    assert case.ladder_stage is LadderStage.TRANSFERRED
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(occurred_on=LATER, now=NOW)
    assert "transferred" in raised.value.reason


def test_par31_third_para_the_youth_sentence_transfer_goes_to_the_correctional_service() -> None:
    outcome = repeated(Y.YOUTH_SENTENCE).decide_on_repeated_breach(
        decision=RepeatedBreachDecision(TRANSFER, consents_for(Y.YOUTH_SENTENCE)), now=NOW
    )
    assert outcome.legal_basis.endswith("straffeloven §28c fourth para")
    assert "correctional service" in outcome.consequence


@pytest.mark.parametrize("reaction", [Y.YOUTH_FOLLOW_UP, Y.FOLLOW_UP])
def test_par33_third_para_the_transfer_goes_to_the_prosecution(reaction: Y) -> None:
    outcome = repeated(reaction).decide_on_repeated_breach(
        decision=RepeatedBreachDecision(TRANSFER), now=NOW
    )
    assert "prosecution" in outcome.consequence and outcome.legal_basis.endswith("§54")


@pytest.mark.parametrize(
    ("consents", "missing"),
    [
        (frozenset(), "correctional_service, police"),
        (frozenset({P.POLICE}), "correctional_service"),
        (frozenset({P.CORRECTIONAL_SERVICE}), "police"),
    ],
)
@pytest.mark.parametrize("action", list(RepeatedBreachAction))
def test_par31_third_para_needs_police_and_correctional_service_consent(
    consents: frozenset[P], missing: str, action: RepeatedBreachAction
) -> None:
    case = repeated(Y.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation) as raised:
        case.decide_on_repeated_breach(decision=RepeatedBreachDecision(action, consents), now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §31 third para"
    assert raised.value.reason == f"missing consent of: {missing}"
    assert case.ladder_stage is LadderStage.REPEATED_BREACH


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_no_transfer_without_a_breach_after_the_conversation(
    reaction: Y,
) -> None:
    """The skipped step: a transfer straight after the first breach, or after the
    conversation with no new breach, is refused."""
    first = running(reaction)
    first.record_breach(occurred_on=TODAY, now=NOW)
    for case in (first, warned(reaction)):
        with pytest.raises(RuleViolation) as raised:
            case.decide_on_repeated_breach(
                decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction)), now=NOW
            )
        assert raised.value.legal_basis == f"{PARA[reaction]} third para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_new_conference_restarts_the_ladder(reaction: Y) -> None:
    case = repeated(reaction)
    outcome = case.decide_on_repeated_breach(
        decision=RepeatedBreachDecision(
            RepeatedBreachAction.NEW_CONFERENCE, consents_for(reaction)
        ),
        now=NOW,
    )
    assert outcome.step is LadderStep.NEW_CONFERENCE
    assert [e for e in case.events if isinstance(e, NewConferenceConvened)]
    assert case.ladder_stage is LadderStage.CLEAR
    assert case.record_breach(occurred_on=LATER, now=NOW).step is LadderStep.BREACH_CONVERSATION


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_the_breach_that_tips_it_may_carry_the_decision(
    reaction: Y,
) -> None:
    case = warned(reaction)
    outcome = case.record_breach(
        occurred_on=LATER,
        now=NOW,
        decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction)),
    )
    assert outcome.step is LadderStep.TRANSFER
    assert case.breaches == 2 and case.ladder_stage is LadderStage.TRANSFERRED


def test_par31_third_para_a_decision_carried_by_a_first_breach_is_refused() -> None:
    case = running(Y.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(
            occurred_on=TODAY,
            now=NOW,
            decision=RepeatedBreachDecision(TRANSFER, consents_for(Y.YOUTH_SENTENCE)),
        )
    assert raised.value.legal_basis == "konfliktrådsloven §31 third para"


# Conditions (a)–(d): second para.

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
        case.record_breach(occurred_on=TODAY, now=NOW)
        with pytest.raises(RuleViolation) as raised:
            case.set_conditions(
                conditions=CONDITIONS, necessity="n", consents=required - {left_out}, now=NOW
            )
        assert raised.value.legal_basis == f"{PARA[reaction]} second para"
        assert raised.value.reason == f"missing consent of: {left_out.value}"
    case.set_conditions(conditions=CONDITIONS, necessity="n", consents=required, now=NOW)
    assert case.ladder_stage is LadderStage.WARNED
    [conditions_set] = [e for e in case.events if isinstance(e, ConditionsSet)]
    assert conditions_set.conditions == ("a_residence", "b_no_contact")


def test_par36_cf_par33_second_para_an_adult_offender_consents_alone() -> None:
    case = running(Y.FOLLOW_UP, minor=False)
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.set_conditions(
        conditions=CONDITIONS, necessity="n", consents=frozenset({P.OFFENDER}), now=NOW
    )
    assert case.conditions == ["a_residence", "b_no_contact"]


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_second_para_conditions_follow_a_breach_and_are_needed(reaction: Y) -> None:
    case = running(reaction)
    with pytest.raises(RuleViolation) as raised:
        case.set_conditions(
            conditions=CONDITIONS, necessity="n", consents=EVERYONE_CONSENTS, now=NOW
        )
    assert "no breach is pending" in raised.value.reason
    case.record_breach(occurred_on=TODAY, now=NOW)
    for conditions, necessity in ((frozenset(), "n"), (CONDITIONS, "  ")):
        with pytest.raises(RuleViolation):
            case.set_conditions(
                conditions=conditions, necessity=necessity, consents=EVERYONE_CONSENTS, now=NOW
            )


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_breach_of_the_conditions_is_a_repeated_breach(
    reaction: Y,
) -> None:
    """Conditions instead of the conversation: the next breach may be transferred."""
    case = running(reaction)
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.set_conditions(conditions=CONDITIONS, necessity="n", consents=EVERYONE_CONSENTS, now=NOW)
    outcome = case.record_breach(
        occurred_on=LATER, now=NOW, obligation=BreachedObligation.LADDER_CONDITION
    )
    assert outcome.step is LadderStep.NEW_CONFERENCE_OR_TRANSFER
    case.decide_on_repeated_breach(
        decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction)), now=NOW
    )
    assert case.ladder_stage is LadderStage.TRANSFERRED


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_no_condition_breach_before_conditions_are_set(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).record_breach(
            occurred_on=TODAY, now=NOW, obligation=BreachedObligation.LADDER_CONDITION
        )
    assert raised.value.legal_basis == f"{PARA[reaction]} third para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_breach_committed_before_the_conversation_is_not_a_new_one(
    reaction: Y,
) -> None:
    case = running(reaction)
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.summon_to_breach_conversation(starts_at=NOW)
    case.hold_breach_conversation(held_on=LATER, attended=True, now=NOW)
    late = case.record_breach(occurred_on=LATER - timedelta(days=3), now=NOW)
    assert late.step is LadderStep.BREACH_CONVERSATION
    assert case.ladder_stage is LadderStage.WARNED
    after = case.record_breach(occurred_on=LATER, now=NOW)
    assert after.step is LadderStep.NEW_CONFERENCE_OR_TRANSFER
