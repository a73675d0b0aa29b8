"""The breach ladder, every path for each of the three reactions: §31 (youth sentence), §33
(youth follow-up), §36 second para cf. §33 (follow-up in the office)."""

from __future__ import annotations

import pytest
from youth_cases import (
    LATER,
    NOW,
    PARA,
    REACTIONS,
    TODAY,
    TRANSFER,
    P,
    consents_for,
    repeated,
    running,
    warned,
)

from youth_plan.domain import commands
from youth_plan.domain.breach_ladder import LadderStage, LadderStep, provision
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import (
    BreachConversationScheduled,
    BreachEscalated,
    NewConferenceConvened,
)
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    RepeatedBreachAction,
    YouthReaction,
)

Y = YouthReaction


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_par36_provisions_name_the_reactions_own_section(reaction: Y) -> None:
    assert provision(reaction, "first para") == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_a_breach_allows_a_breach_conversation(reaction: Y) -> None:
    case = running(reaction)
    outcome = case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    assert outcome.step is LadderStep.BREACH_CONVERSATION
    assert outcome.legal_basis == f"{PARA[reaction]} first para"
    assert case.ladder_stage is LadderStage.BREACH


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_only_an_intentional_or_negligent_breach_counts(
    reaction: Y,
) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).record_breach(
            commands.RecordBreach(
                "c1",
                occurred_on=TODAY,
                intentional_or_negligent=False,
                obligation=BreachedObligation.YOUTH_PLAN,
            ),
            NOW,
        )
    assert raised.value.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_the_summons_reaches_offender_and_guardians_only(
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
    [summons] = [e for e in case.events if isinstance(e, BreachConversationScheduled)]
    assert {p["party_id"] for p in summons.participants} == {"offender", "guardian-offender-1"}
    assert summons.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_no_summons_without_a_breach(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).summon_to_breach_conversation(
            commands.SummonToBreachConversation("c1", starts_at=NOW)
        )
    assert raised.value.legal_basis == f"{PARA[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_first_para_no_conversation_without_a_summons(reaction: Y) -> None:
    case = running(reaction)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    with pytest.raises(RuleViolation) as raised:
        case.hold_breach_conversation(
            commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=True), NOW
        )
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
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction))
        ),
        NOW,
    )
    assert outcome.step is LadderStep.TRANSFER
    assert outcome.legal_basis.startswith(f"{PARA[reaction]} third para")
    [escalated] = [e for e in case.events if isinstance(e, BreachEscalated)]
    assert escalated.breaches == 2 and escalated.legal_basis == outcome.legal_basis
    assert case.ladder_stage is LadderStage.TRANSFERRED
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(
            commands.RecordBreach(
                case.case_id, occurred_on=LATER, obligation=BreachedObligation.YOUTH_PLAN
            ),
            NOW,
        )
    assert "transferred" in raised.value.reason


def test_par31_third_para_the_youth_sentence_transfer_goes_to_the_correctional_service() -> None:
    outcome = repeated(Y.YOUTH_SENTENCE).decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            "c1", decision=RepeatedBreachDecision(TRANSFER, consents_for(Y.YOUTH_SENTENCE))
        ),
        NOW,
    )
    assert outcome.legal_basis.endswith("straffeloven §28c fourth para")
    assert "correctional service" in outcome.consequence


@pytest.mark.parametrize("reaction", [Y.YOUTH_FOLLOW_UP, Y.FOLLOW_UP])
def test_par33_third_para_the_transfer_goes_to_the_prosecution(reaction: Y) -> None:
    outcome = repeated(reaction).decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach("c1", decision=RepeatedBreachDecision(TRANSFER)), NOW
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
        case.decide_on_repeated_breach(
            commands.DecideOnRepeatedBreach(
                case.case_id, decision=RepeatedBreachDecision(action, consents)
            ),
            NOW,
        )
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
    first.record_breach(
        commands.RecordBreach(
            first.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    for case in (first, warned(reaction)):
        with pytest.raises(RuleViolation) as raised:
            case.decide_on_repeated_breach(
                commands.DecideOnRepeatedBreach(
                    case.case_id, decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction))
                ),
                NOW,
            )
        assert raised.value.legal_basis == f"{PARA[reaction]} third para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_a_new_conference_restarts_the_ladder(reaction: Y) -> None:
    case = repeated(reaction)
    outcome = case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id,
            decision=RepeatedBreachDecision(
                RepeatedBreachAction.NEW_CONFERENCE, consents_for(reaction)
            ),
        ),
        NOW,
    )
    assert outcome.step is LadderStep.NEW_CONFERENCE
    assert [e for e in case.events if isinstance(e, NewConferenceConvened)]
    assert case.ladder_stage is LadderStage.CLEAR
    assert (
        case.record_breach(
            commands.RecordBreach(
                case.case_id, occurred_on=LATER, obligation=BreachedObligation.YOUTH_PLAN
            ),
            NOW,
        ).step
        is LadderStep.BREACH_CONVERSATION
    )


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_the_breach_that_tips_it_may_carry_the_decision(
    reaction: Y,
) -> None:
    case = warned(reaction)
    outcome = case.record_breach(
        commands.RecordBreach(
            case.case_id,
            occurred_on=LATER,
            decision=RepeatedBreachDecision(TRANSFER, consents_for(reaction)),
            obligation=BreachedObligation.YOUTH_PLAN,
        ),
        NOW,
    )
    assert outcome.step is LadderStep.TRANSFER
    assert case.breaches == 2 and case.ladder_stage is LadderStage.TRANSFERRED


def test_par31_third_para_a_decision_carried_by_a_first_breach_is_refused() -> None:
    case = running(Y.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(
            commands.RecordBreach(
                case.case_id,
                occurred_on=TODAY,
                decision=RepeatedBreachDecision(TRANSFER, consents_for(Y.YOUTH_SENTENCE)),
                obligation=BreachedObligation.YOUTH_PLAN,
            ),
            NOW,
        )
    assert raised.value.legal_basis == "konfliktrådsloven §31 third para"


# Conditions (a)–(d): second para.
