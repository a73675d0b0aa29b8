"""Handling time (§10 second para, §20 first para), moving offices (§13), corrections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from referral_civil import filed
from referral_transfers import NOW, transfer

from referral.domain import events
from referral.domain.commands import (
    AnswerMove,
    DecideSuitability,
    PostponeCase,
    ProposeMove,
    SecretariatDecidesMove,
)
from referral.domain.errors import RuleViolation
from referral.domain.model import ReferralCase
from referral.domain.moves import MoveStage
from referral.domain.vocabulary import CaseStatus, Reaction

TODAY = NOW.date()


def registered() -> ReferralCase:
    case = ReferralCase.receive(transfer(), case_id="c1", now=NOW)
    case.events.clear()
    return case


def suitable_civil_case() -> ReferralCase:
    case = filed()
    case.decide_suitability(DecideSuitability(case.case_id, True, "", "leder"), NOW)
    case.events.clear()
    return case


def test_par10_second_para_days_since_receipt_are_counted_per_case() -> None:
    case = registered()
    assert case.days_since_receipt(TODAY) == 0
    assert case.days_since_receipt(TODAY + timedelta(days=40)) == 40


def test_par20_first_para_a_postponement_is_reported_with_the_expected_date() -> None:
    case = registered()
    case.postpone(PostponeCase("c1", date(2027, 1, 15), "mediator ill", "saksbehandler"), NOW)
    (postponed,) = case.events
    assert isinstance(postponed, events.ReferralPostponed)
    assert (postponed.expected_on, postponed.legal_basis) == (
        date(2027, 1, 15),
        "konfliktrådsloven §20 first para",
    )
    assert case.postponed_until == date(2027, 1, 15)


@pytest.mark.parametrize("expected_on", [TODAY, TODAY - timedelta(days=1)])
def test_par20_first_para_the_expected_date_must_be_after_today(expected_on: date) -> None:
    with pytest.raises(RuleViolation) as raised:
        registered().postpone(PostponeCase("c1", expected_on, "busy", "saksbehandler"), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §20 first para"


def test_par20_first_para_the_day_after_today_is_a_valid_expected_date() -> None:
    case = registered()
    case.postpone(PostponeCase("c1", TODAY + timedelta(days=1), "busy", "saksbehandler"), NOW)
    assert case.postponed_until == TODAY + timedelta(days=1)


def test_par20_first_para_a_rejected_case_cannot_be_postponed() -> None:
    case = ReferralCase.receive(transfer(offender_consents=False), case_id="c2", now=NOW)
    with pytest.raises(RuleViolation, match="rejected"):
        case.postpone(PostponeCase("c2", date(2027, 1, 15), "busy", "saksbehandler"), NOW)


def test_par13_third_para_a_transferred_case_moves_only_with_the_prosecutions_agreement() -> None:
    move = ProposeMove("c1", "konfliktradet-vestland", True, "the victim moved", "saksbehandler")
    with pytest.raises(RuleViolation) as raised:
        registered().propose_move(move, NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §13 third para"


def test_par13_third_para_the_parties_are_heard_before_a_move() -> None:
    move = ProposeMove("c1", "konfliktradet-vestland", False, "r", "saksbehandler", True)
    with pytest.raises(RuleViolation, match="heard"):
        registered().propose_move(move, NOW)


def test_par13_third_para_agreed_with_the_prosecution_the_case_moves() -> None:
    case = registered()
    move = ProposeMove("c1", "konfliktradet-vestland", True, "r", "saksbehandler", True)
    case.propose_move(move, NOW)
    (moved,) = case.events
    assert isinstance(moved, events.CaseMoved)
    assert (case.office, moved.from_office) == ("konfliktradet-vestland", "konfliktradet-oslo")


def test_par13_a_move_to_an_unknown_office_is_refused() -> None:
    move = ProposeMove("c1", "konfliktradet-atlantis", True, "r", "saksbehandler", True)
    with pytest.raises(RuleViolation, match="no office"):
        registered().propose_move(move, NOW)


def test_par13_second_para_the_receiving_office_accepts_a_civil_case() -> None:
    case = suitable_civil_case()
    case.propose_move(ProposeMove(case.case_id, "konfliktradet-oslo", True, "r", "a"), NOW)
    assert case.pending_move and case.pending_move.stage is MoveStage.AWAITING_RECEIVING_OFFICE
    assert case.office == "konfliktradet-vestland" and case.events == []
    case.answer_move(AnswerMove(case.case_id, True, "fine", "b"), NOW)
    assert (case.office, case.pending_move) == ("konfliktradet-oslo", None)


@pytest.mark.parametrize(
    ("move", "office"), [(True, "konfliktradet-oslo"), (False, "konfliktradet-vestland")]
)
def test_par13_second_para_when_the_offices_disagree_the_secretariat_decides(
    move: bool, office: str
) -> None:
    case = suitable_civil_case()
    case.propose_move(ProposeMove(case.case_id, "konfliktradet-oslo", True, "r", "a"), NOW)
    case.answer_move(AnswerMove(case.case_id, False, "we are full", "b"), NOW)
    assert case.pending_move and case.pending_move.stage is MoveStage.AWAITING_SECRETARIAT
    case.secretariat_decides_move(SecretariatDecidesMove(case.case_id, move, "r", "sek"), NOW)
    assert (case.office, case.pending_move) == (office, None)
    assert case.audit[-1].actor == "sek"


def test_par13_second_para_the_secretariat_decides_only_a_disputed_move() -> None:
    case = suitable_civil_case()
    with pytest.raises(RuleViolation, match="no move is awaiting secretariat"):
        case.secretariat_decides_move(SecretariatDecidesMove(case.case_id, True, "r", "s"), NOW)


def test_the_same_referral_delivered_again_changes_nothing() -> None:
    case = registered()
    assert not case.correct(transfer(), NOW)
    assert case.events == [] and case.audit[-1].action == "registered"


def test_a_corrected_referral_updates_the_case_and_the_audit_trail_names_the_change() -> None:
    case = registered()
    assert case.correct(transfer(execution_months=9), NOW)
    (corrected,) = case.events
    assert isinstance(corrected, events.ReferralCorrected)
    assert corrected.changed_fields == ("execution_months",)
    assert case.execution_months == 9 and case.execution_ends_on == date(2027, 7, 15)
    assert (case.audit[-1].action, case.audit[-1].detail) == ("corrected", "execution_months")


def test_par8_a_correction_that_breaks_the_act_is_rejected_and_reported() -> None:
    case = registered()
    case.correct(transfer(offender_acknowledges_guilt=False), NOW)
    (rejected,) = case.events
    assert isinstance(rejected, events.ReferralRejected) and rejected.criminal
    assert rejected.legal_basis == "straffeprosessloven §71a first para"
    assert case.status is CaseStatus.REJECTED


def test_par8_a_registered_cases_reaction_cannot_be_corrected() -> None:
    case = registered()
    case.correct(transfer(reaction=Reaction.MEDIATION), NOW)
    (refused,) = case.events
    assert isinstance(refused, events.ReferralRejected) and "withdraw" in refused.reason
    assert case.reaction is Reaction.YOUTH_FOLLOW_UP and case.status is CaseStatus.REGISTERED


def test_a_rejected_referral_corrected_by_the_sender_is_registered() -> None:
    case = ReferralCase.receive(transfer(offender_consents=False), case_id="c3", now=NOW)
    case.events.clear()
    case.correct(replace(transfer(), sender_reference="POL-1"), NOW)
    (registered_event,) = case.events
    assert isinstance(registered_event, events.ReferralRegistered)
    assert case.status is CaseStatus.REGISTERED
