"""Only the authority that sent a case may correct or withdraw it, and a withdrawal closes the
case (konfliktrådsloven §20 first para: the office handles a case because the prosecution or a
court decided to send it). The sender is the proven bus principal, not the unit a message names.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from referral_transfers import DECIDED, NOW, transfer

from referral.domain import senders, withdrawal
from referral.domain.commands import WithdrawTransferredCase
from referral.domain.errors import NotCaseSender, RuleViolation
from referral.domain.events import ReferralCorrected, ReferralWithdrawn
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CaseStatus

TODAY = NOW.date()


def received(**changes: object) -> ReferralCase:
    case = ReferralCase.receive(transfer(**changes), case_id="case-1", now=NOW)
    case.events.clear()
    case.audit.clear()
    return case


def withdrawn_by(
    sender_principal: str = "police-oslo", withdrawn_on: date = TODAY
) -> WithdrawTransferredCase:
    return WithdrawTransferredCase(
        sender_reference="POL-1",
        sender_principal=sender_principal,
        withdrawn_on=withdrawn_on,
        reason="The decision was reversed.",
    )


def test_par20_a_received_case_keeps_its_proven_sender() -> None:
    case = received()
    assert case.status is CaseStatus.REGISTERED
    assert case.sender_principal == "police-oslo"


def test_par20_another_sender_cannot_correct_a_case_and_the_case_is_unchanged() -> None:
    case = received()
    before = replace(case)

    with pytest.raises(NotCaseSender) as refused:
        case.correct(transfer(sender_principal="police-bergen", office="konfliktradet-vest"), NOW)

    assert (refused.value.case_id, refused.value.case_sender) == ("case-1", "police-oslo")
    assert refused.value.attempted_by == "police-bergen"
    assert case == before and not case.events and not case.audit


def test_par20_another_sender_cannot_deliver_the_same_referral_again_either() -> None:
    # Word for word the same referral is still another sender's: refused, not a quiet no-op.
    case = received()
    with pytest.raises(NotCaseSender):
        case.correct(transfer(sender_principal="police-bergen"), NOW)


def test_par20_the_case_sender_still_corrects_its_case() -> None:
    case = received()
    assert case.correct(transfer(execution_months=9), NOW)
    assert case.execution_months == 9
    assert [type(event) for event in case.events] == [ReferralCorrected]


def test_par20_a_case_without_a_proven_sender_cannot_be_changed_from_the_bus() -> None:
    # Received before senders were proven (or filed over HTTP): nobody can show it is theirs.
    case = replace(received(), sender_principal=None)
    with pytest.raises(NotCaseSender):
        case.correct(transfer(execution_months=9), NOW)
    with pytest.raises(NotCaseSender):
        case.withdraw(withdrawn_by(), NOW)


def test_par20_the_sender_check_names_no_one_else() -> None:
    senders.check_case_sender("case-1", "court-oslo", "court-oslo")
    with pytest.raises(NotCaseSender):
        senders.check_case_sender("case-1", "court-oslo", "prosecution-oslo")


def test_par20_only_the_case_sender_may_withdraw_it() -> None:
    case = received()
    before = replace(case)

    with pytest.raises(NotCaseSender):
        case.withdraw(withdrawn_by("police-bergen"), NOW)

    assert case == before and not case.events and not case.audit


def test_par20_a_prosecution_office_is_not_the_police_districts_sender_either() -> None:
    # No clear basis makes a superior prosecution authority a sender to the office: its
    # decision reaches the office through the authority that sent the case.
    case = received()
    with pytest.raises(NotCaseSender):
        case.withdraw(withdrawn_by("prosecution-oslo"), NOW)


def test_par20_a_withdrawal_closes_the_case_and_tells_the_other_services() -> None:
    case = received()

    assert case.withdraw(withdrawn_by(), NOW)

    assert case.status is CaseStatus.WITHDRAWN and case.withdrawn_on == NOW.date()
    assert case.events == [
        ReferralWithdrawn("case-1", "POL-1", "konfliktradet-oslo", NOW.date(), NOW)
    ]
    [entry] = case.audit
    assert (entry.actor, entry.action, entry.legal_basis) == (
        "police-oslo",
        "withdrawn",
        withdrawal.WITHDRAWAL,
    )
    assert "The decision was reversed." in entry.detail  # the audit trail is sealed at rest


def test_par20_a_rejected_case_can_be_withdrawn_too() -> None:
    case = received(offender_acknowledges_guilt=False)
    assert case.status is CaseStatus.REJECTED
    assert case.withdraw(withdrawn_by(), NOW)
    assert case.status is CaseStatus.WITHDRAWN


def test_par20_a_withdrawal_delivered_again_changes_nothing() -> None:
    case = received()
    case.withdraw(withdrawn_by(), NOW)
    case.events.clear()
    case.audit.clear()

    assert not case.withdraw(withdrawn_by(), NOW + timedelta(days=1))
    assert not case.events and not case.audit


def test_par20_a_withdrawal_cannot_precede_the_decision_it_withdraws() -> None:
    case = received()
    with pytest.raises(RuleViolation) as refused:
        case.withdraw(withdrawn_by(withdrawn_on=DECIDED - timedelta(days=1)), NOW)
    assert refused.value.legal_basis == withdrawal.WITHDRAWAL
    assert case.status is CaseStatus.REGISTERED


def test_par20_a_withdrawal_cannot_be_dated_ahead() -> None:
    case = received()
    with pytest.raises(RuleViolation):
        case.withdraw(withdrawn_by(withdrawn_on=NOW.date() + timedelta(days=1)), NOW)


def test_par20_a_withdrawn_case_is_not_corrected_back_to_life() -> None:
    case = received()
    case.withdraw(withdrawn_by(), NOW)
    case.events.clear()

    with pytest.raises(RuleViolation) as refused:
        case.correct(transfer(execution_months=9), NOW)

    assert refused.value.legal_basis == withdrawal.WITHDRAWAL
    assert case.status is CaseStatus.WITHDRAWN and case.execution_months == 12
    assert not case.correct(transfer(), NOW), "the withdrawn referral delivered again"
