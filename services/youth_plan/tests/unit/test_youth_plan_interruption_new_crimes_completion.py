"""When execution is interrupted (§31–§34 fourth para, third para, §32, §34), new crimes
during the execution period (§32, §34, §36 third para) and the completion reported when the
period ends without interruption."""

from __future__ import annotations

from datetime import date

import pytest
from youth_cases import LATER, NOW, REACTIONS, TODAY, P, repeated, running, warned

from youth_plan.domain import commands
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import ExecutionCompleted, ExecutionInterrupted, NewCrimeReported
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    InterruptionGrounds,
    NewCrimeStage,
    RepeatedBreachAction,
    YouthReaction,
)

Y = YouthReaction
G = InterruptionGrounds
BOTH = frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
FOURTH = {
    Y.YOUTH_SENTENCE: "konfliktrådsloven §31 fourth para",
    Y.YOUTH_FOLLOW_UP: "konfliktrådsloven §33 fourth para",
    Y.FOLLOW_UP: "konfliktrådsloven §36 second para, cf. §33 fourth para",
}
CRIME = {
    Y.YOUTH_SENTENCE: "konfliktrådsloven §32",
    Y.YOUTH_FOLLOW_UP: "konfliktrådsloven §34",
    Y.FOLLOW_UP: "konfliktrådsloven §36 third para, cf. §34",
}


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_fourth_para_a_no_show_allows_interruption(reaction: Y) -> None:
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
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=False), NOW
    )
    assert case.ladder_stage is LadderStage.NO_SHOW and case.conversation_held_on is None
    basis = case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.NO_SHOW_AT_CONVERSATION, on=TODAY)
    )
    assert basis == FOURTH[reaction]
    [interrupted] = [e for e in case.events if isinstance(e, ExecutionInterrupted)]
    assert interrupted.interrupted_on == TODAY and interrupted.legal_basis == basis


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_fourth_para_no_summons_once_execution_is_interrupted(reaction: Y) -> None:
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
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=False), NOW
    )
    case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.NO_SHOW_AT_CONVERSATION, on=TODAY)
    )
    with pytest.raises(RuleViolation) as raised:
        case.summon_to_breach_conversation(
            commands.SummonToBreachConversation(case.case_id, starts_at=NOW)
        )
    assert "interrupted" in raised.value.reason


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_fourth_para_a_no_show_may_be_summoned_again(reaction: Y) -> None:
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
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=False), NOW
    )
    case.summon_to_breach_conversation(
        commands.SummonToBreachConversation(case.case_id, starts_at=NOW)
    )
    case.hold_breach_conversation(
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=True), NOW
    )
    assert case.ladder_stage is LadderStage.WARNED


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_fourth_para_a_breach_after_the_held_conversation_allows_interruption(
    reaction: Y,
) -> None:
    case = repeated(reaction)
    assert (
        case.interrupt_execution(
            commands.InterruptExecution(case.case_id, grounds=G.BREACH_AFTER_CONVERSATION, on=LATER)
        )
        == (FOURTH[reaction])
    )
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(
            commands.RecordBreach(
                case.case_id, occurred_on=LATER, obligation=BreachedObligation.YOUTH_PLAN
            ),
            NOW,
        )
    assert "interrupted" in raised.value.reason


@pytest.mark.parametrize("reaction", REACTIONS)
@pytest.mark.parametrize("grounds", [G.NO_SHOW_AT_CONVERSATION, G.BREACH_AFTER_CONVERSATION])
def test_par31_par33_fourth_para_the_coordinator_cannot_interrupt_out_of_order(
    reaction: Y, grounds: G
) -> None:
    for case in (running(reaction), warned(reaction)):
        with pytest.raises(RuleViolation) as raised:
            case.interrupt_execution(
                commands.InterruptExecution(case.case_id, grounds=grounds, on=TODAY)
            )
        assert raised.value.legal_basis == FOURTH[reaction]
        assert case.interrupted_on is None


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par31_par33_third_para_interrupted_when_the_petition_is_sent_after_transfer(
    reaction: Y,
) -> None:
    case = running(reaction)
    with pytest.raises(RuleViolation):
        case.interrupt_execution(
            commands.InterruptExecution(case.case_id, grounds=G.PETITION_SENT_TO_COURT, on=TODAY)
        )
    case = repeated(reaction)
    consents = BOTH if reaction is Y.YOUTH_SENTENCE else frozenset()
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER, consents)
        ),
        NOW,
    )
    basis = case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.PETITION_SENT_TO_COURT, on=LATER)
    )
    assert "third para" in basis and case.interrupted_on == LATER


def test_par31_third_para_a_youth_sentence_is_not_resumed_by_the_prosecution() -> None:
    case = repeated(Y.YOUTH_SENTENCE)
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER, BOTH)
        ),
        NOW,
    )
    with pytest.raises(RuleViolation) as raised:
        case.interrupt_execution(
            commands.InterruptExecution(case.case_id, grounds=G.PROSECUTION_RESUMED, on=LATER)
        )
    assert "petition" in raised.value.reason


@pytest.mark.parametrize("reaction", [Y.YOUTH_FOLLOW_UP, Y.FOLLOW_UP])
def test_par33_third_para_interrupted_when_the_prosecution_resumes(reaction: Y) -> None:
    case = repeated(reaction)
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER)
        ),
        NOW,
    )
    assert case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.PROSECUTION_RESUMED, on=LATER)
    ).endswith("§33 third para")


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par32_par34_a_new_crime_is_reported_to_the_prosecution(reaction: Y) -> None:
    case = running(reaction)
    basis = case.report_new_crime(
        commands.ReportNewCrime(
            case.case_id,
            stage=NewCrimeStage.CONVICTED,
            on=LATER,
            coordinator_requests_court=False,
            consents=set(),
        )
    )
    assert basis == f"{CRIME[reaction]} first para"
    [reported] = [e for e in case.events if isinstance(e, NewCrimeReported)]
    assert reported.stage == "convicted" and reported.reported_on == LATER
    basis = case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.PETITION_SENT_TO_COURT, on=LATER)
    )
    assert basis == f"{CRIME[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par32_par34_a_new_crime_after_the_execution_period_is_refused(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).report_new_crime(
            commands.ReportNewCrime(
                "c1",
                stage=NewCrimeStage.CHARGED,
                on=date(2028, 1, 1),
                coordinator_requests_court=False,
                consents=set(),
            )
        )
    assert raised.value.legal_basis.endswith("konfliktrådsloven §23")


@pytest.mark.parametrize("consents", [frozenset(), {P.POLICE}, {P.CORRECTIONAL_SERVICE}])
def test_par32_first_para_the_coordinators_request_needs_police_and_correctional_consent(
    consents: frozenset[P],
) -> None:
    case = running(Y.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation) as raised:
        case.report_new_crime(
            commands.ReportNewCrime(
                case.case_id,
                stage=NewCrimeStage.CHARGED,
                on=LATER,
                coordinator_requests_court=True,
                consents=consents,
            )
        )
    assert raised.value.legal_basis == "konfliktrådsloven §32 first para"
    assert (
        case.report_new_crime(
            commands.ReportNewCrime(
                case.case_id,
                stage=NewCrimeStage.CHARGED,
                on=LATER,
                coordinator_requests_court=True,
                consents=BOTH,
            )
        )
        == "konfliktrådsloven §32 first para"
    )


@pytest.mark.parametrize("reaction", [Y.YOUTH_FOLLOW_UP, Y.FOLLOW_UP])
def test_par34_the_prosecution_decides_alone_no_request_from_the_coordinator(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        running(reaction).report_new_crime(
            commands.ReportNewCrime(
                "c1",
                stage=NewCrimeStage.CHARGED,
                on=LATER,
                coordinator_requests_court=True,
                consents=BOTH,
            )
        )
    assert raised.value.legal_basis == f"{CRIME[reaction]} first para"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par32_par34_second_para_the_prosecution_may_interrupt_on_a_charge(reaction: Y) -> None:
    case = running(reaction)
    with pytest.raises(RuleViolation) as raised:
        case.interrupt_execution(
            commands.InterruptExecution(case.case_id, grounds=G.PROSECUTION_AFTER_CHARGE, on=LATER)
        )
    assert raised.value.legal_basis == f"{CRIME[reaction]} second para"
    case.report_new_crime(
        commands.ReportNewCrime(
            case.case_id,
            stage=NewCrimeStage.CHARGED,
            on=LATER,
            coordinator_requests_court=False,
            consents=set(),
        )
    )
    assert case.interrupt_execution(
        commands.InterruptExecution(case.case_id, grounds=G.PROSECUTION_AFTER_CHARGE, on=LATER)
    ) == (f"{CRIME[reaction]} second para")


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par23_completion_is_reported_when_the_period_ends_uninterrupted(reaction: Y) -> None:
    case = running(reaction)
    assert case.complete(commands.CompleteExecution(case.case_id)) is True
    [completed] = [e for e in case.events if isinstance(e, ExecutionCompleted)]
    assert completed.completed_on == date(2027, 11, 20)
    assert completed.police_record_until == date(2029, 11, 20)
    assert case.complete(commands.CompleteExecution(case.case_id)) is False, "reported once"


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par23_no_completion_after_an_interruption_or_a_transfer(reaction: Y) -> None:
    interrupted = repeated(reaction)
    interrupted.interrupt_execution(
        commands.InterruptExecution(
            interrupted.case_id, grounds=G.BREACH_AFTER_CONVERSATION, on=LATER
        )
    )
    transferred = repeated(reaction)
    consents = BOTH if reaction is Y.YOUTH_SENTENCE else frozenset()
    transferred.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            transferred.case_id,
            decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER, consents),
        ),
        NOW,
    )
    for case in (interrupted, transferred):
        assert case.complete(commands.CompleteExecution(case.case_id)) is False
        assert not [e for e in case.events if isinstance(e, ExecutionCompleted)]
