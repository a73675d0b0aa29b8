"""§9 at the meeting, §20 reports to the prosecution, §21 returns by legal basis, the police
record (politiregisterloven §41) and contact terms for the correctional service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from mediation_builders import (
    CLAIMANT,
    MEETING_AT,
    RESPONDENT,
    agreement,
    approve,
    approved_case,
    case,
    meeting,
    party,
    scheduled,
    standing,
)

from konfliktrad_shared.contracts import mediation as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.adapters.outbound import translate
from mediation.domain.errors import RuleViolation
from mediation.domain.events import MeetingEnded
from mediation.domain.model import MediationCase
from mediation.domain.vocabulary import ContactTerm, NotHeldBecause

PARTIES = ("offender", "victim-1")
ENDED = MEETING_AT + timedelta(hours=2)


def end(
    mediation: MediationCase,
    *,
    held: bool = True,
    because: NotHeldBecause | None = None,
    reached: bool = True,
    present: tuple[str, ...] = PARTIES,
    told: tuple[str, ...] = PARTIES,
) -> MeetingEnded:
    mediation.end_meeting(
        "meet-1",
        held=held,
        not_held_because=because,
        agreement_reached=reached,
        present=present,
        told_of_confidentiality=told,
        now=ENDED,
    )
    [event] = [e for e in mediation.events if isinstance(e, MeetingEnded)]
    return event


def test_par9_everyone_present_is_told_of_confidentiality() -> None:
    mediation = approved_case()
    with pytest.raises(RuleViolation) as refused:
        end(mediation, told=("offender",))
    assert refused.value.legal_basis == "konfliktrådsloven §9 second and third para"


def test_par9_who_takes_part_is_agreed_in_advance() -> None:
    mediation = approved_case()
    with pytest.raises(RuleViolation, match="agreed as a participant in advance"):
        end(mediation, present=(*PARTIES, "walk-in"), told=(*PARTIES, "walk-in"))


def test_par20_second_para_the_outcome_states_the_approved_agreement_and_record() -> None:
    event = end(approved_case())

    assert event.approved_agreement_id == "a-1"
    assert event.police_record_ends_on == date(2028, 3, 9)
    [outgoing] = translate(event)
    assert outgoing.topic == topics.PROSECUTION
    assert isinstance(outgoing.event, contract.MeetingOutcomeReported)
    assert outgoing.event.held and not outgoing.event.case_returned


def test_par20_second_para_the_agreement_is_decided_before_the_meeting_ends() -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement())
    with pytest.raises(RuleViolation, match="must decide on the agreement first"):
        end(mediation)
    with pytest.raises(RuleViolation, match="record the agreement"):
        end(scheduled(case()))


def test_par20_an_outcome_is_reported_once() -> None:
    mediation = approved_case()
    end(mediation)
    with pytest.raises(RuleViolation, match="already recorded"):
        end(mediation)


def test_par21_a_meeting_not_held_says_why() -> None:
    with pytest.raises(RuleViolation, match="states why"):
        end(scheduled(case()), held=False, reached=False)
    with pytest.raises(RuleViolation, match="no such reason"):
        end(approved_case(), held=True, because=NotHeldBecause.VICTIM)


RETURNS = [
    # basis, held, because, agreement → returned, may reopen
    (DecisionBasis.CONDITIONAL_WAIVER, False, NotHeldBecause.VICTIM, False, True, False),
    (DecisionBasis.CONDITIONAL_WAIVER, False, NotHeldBecause.OFFENDER, False, True, True),
    (DecisionBasis.CONDITIONAL_WAIVER, True, None, False, False, False),
    (DecisionBasis.TRANSFER, False, NotHeldBecause.OFFENDER, False, True, True),
    (DecisionBasis.TRANSFER, False, NotHeldBecause.OTHER, False, True, False),
    (DecisionBasis.TRANSFER, True, None, False, True, True),
    (DecisionBasis.SUSPENDED_SENTENCE, False, NotHeldBecause.OFFENDER, False, True, False),
    (DecisionBasis.SUSPENDED_SENTENCE, False, NotHeldBecause.VICTIM, False, False, False),
    (DecisionBasis.SUSPENDED_SENTENCE, True, None, False, False, False),
]


@pytest.mark.parametrize(("basis", "held", "because", "reached", "returned", "reopen"), RETURNS)
def test_par21_the_case_is_returned_exactly_per_its_legal_basis(
    basis: DecisionBasis,
    held: bool,
    because: NotHeldBecause | None,
    reached: bool,
    returned: bool,
    reopen: bool,
) -> None:
    event = end(scheduled(case(basis=basis)), held=held, because=because, reached=reached)

    assert (event.outcome.case_returned, event.outcome.prosecution_may_reopen) == (
        returned,
        reopen,
    )
    assert "§21" in event.outcome.legal_basis


def test_par20_third_para_fulfilment_is_confirmed_to_the_prosecution_at_once() -> None:
    mediation = approved_case()
    mediation.confirm_fulfilment("a-1", ENDED)

    [outgoing] = translate(mediation.events[-1])
    assert outgoing.topic == topics.PROSECUTION
    assert isinstance(outgoing.event, contract.AgreementFulfilmentConfirmed)
    with pytest.raises(RuleViolation):
        mediation.confirm_fulfilment("a-1", ENDED)


def test_par21_a_breach_is_reported_to_the_prosecution_under_the_basis() -> None:
    mediation = approved_case(basis=DecisionBasis.CONDITIONAL_WAIVER)
    mediation.report_breach("a-1", ENDED)

    [outgoing] = translate(mediation.events[-1])
    assert outgoing.topic == topics.PROSECUTION
    assert isinstance(outgoing.event, contract.AgreementBreachReported)
    assert "straffeprosessloven §69 third para" in outgoing.event.legal_basis


def test_civil_an_unfulfilled_agreement_asks_the_parties_about_a_new_mediation() -> None:
    mediation = case(CLAIMANT, RESPONDENT, basis=DecisionBasis.CIVIL)
    mediation.schedule_meeting(meeting(party(CLAIMANT), party(RESPONDENT)), {"m-1": standing()})
    mediation.record_agreement(agreement(signed_by=()))
    approve(mediation)
    mediation.report_breach("a-1", ENDED)

    [outgoing] = translate(mediation.events[-1])
    assert outgoing.topic == topics.MEDIATION_EVENTS
    assert isinstance(outgoing.event, contract.NewMediationOffered)
    assert [p.party_id for p in outgoing.event.parties] == ["claimant", "respondent"]
    assert end(mediation, present=(), told=()).police_record_ends_on is None


def test_execution_act_contact_terms_with_a_convicted_person_go_to_correctional() -> None:
    mediation = scheduled(case(basis=DecisionBasis.SUSPENDED_SENTENCE))
    mediation.record_agreement(agreement(contact_terms=[ContactTerm.NO_CONTACT]))
    approve(mediation)

    outgoing = translate(mediation.events[-1])
    assert [o.topic for o in outgoing] == [topics.MEDIATION_EVENTS, topics.CORRECTIONAL]
    assert outgoing[1].event.terms == ["no_contact"]  # type: ignore[attr-defined]


def test_execution_act_contact_terms_without_a_conviction_stay_out_of_correctional() -> None:
    mediation = scheduled(case(basis=DecisionBasis.TRANSFER))
    mediation.record_agreement(agreement(contact_terms=[ContactTerm.RESIDENCE]))
    approve(mediation)

    assert [o.topic for o in translate(mediation.events[-1])] == [topics.MEDIATION_EVENTS]


def test_par17_a_performance_reminder_names_the_due_date_while_unfulfilled() -> None:
    mediation = approved_case()
    mediation.remind_of_performance("a-1", date(2026, 4, 1))
    [outgoing] = translate(mediation.events[-1])
    assert isinstance(outgoing.event, contract.PerformanceDue)
    assert outgoing.event.due_on == date(2026, 4, 1)

    mediation.confirm_fulfilment("a-1", ENDED)
    mediation.events.clear()
    mediation.remind_of_performance("a-1", date(2026, 4, 1))
    assert mediation.events == []


def test_par18_the_approval_tells_the_parties_the_period_in_writing_via_notification() -> None:
    mediation = scheduled(case())
    mediation.record_agreement(agreement())
    approve(mediation)

    [outgoing] = translate(mediation.events[-1])
    assert isinstance(outgoing.event, contract.AgreementApproved)
    assert outgoing.event.prosecution_case
    assert outgoing.event.withdrawal_ends_at is not None
    assert [p.party_id for p in outgoing.event.parties] == ["offender", "victim-1"]
