"""The intake as a whole: guilt (strpl §71a), transfer conditions (strpl §71a third and fourth
para), and what a registered or rejected case records (§8, §9). Reaction table, consent, age and
periods have their own files."""

from __future__ import annotations

import pytest
from referral_transfers import NOW, refusal, transfer, victim

from referral.domain import intake_rules
from referral.domain.events import ReferralRegistered, ReferralRejected
from referral.domain.model import ReferralCase
from referral.domain.reaction_table import REACTION_TABLE, Row
from referral.domain.vocabulary import CaseStatus, DecisionBasis, Reaction

ROWS = pytest.mark.parametrize(
    "row", REACTION_TABLE, ids=[f"{r.reaction.value}:{r.provision}" for r in REACTION_TABLE]
)


def test_a_lawful_youth_follow_up_transfer_passes() -> None:
    intake_rules.check_transfer(transfer())


def test_strpl_71a_guilt_must_be_acknowledged() -> None:
    violation = refusal(transfer(offender_acknowledges_guilt=False))
    assert violation.legal_basis == "straffeprosessloven §71a first para"


@ROWS
def test_strpl_71a_third_para_no_new_crimes_only_on_a_transfer_to_follow_up(row: Row) -> None:
    command = transfer(
        reaction=row.reaction, decision_basis=row.basis, no_new_crimes_condition=True
    )
    allowed = row.basis is DecisionBasis.TRANSFER and row.reaction in (
        Reaction.FOLLOW_UP,
        Reaction.YOUTH_FOLLOW_UP,
    )
    if allowed:
        intake_rules.check_transfer(command)
    else:
        assert refusal(command).legal_basis == "straffeprosessloven §71a third para"


@ROWS
def test_strpl_71a_fourth_para_compensation_only_on_a_transfer_to_youth_follow_up(
    row: Row,
) -> None:
    command = transfer(reaction=row.reaction, decision_basis=row.basis, compensation_condition=True)
    if row.basis is DecisionBasis.TRANSFER and row.reaction is Reaction.YOUTH_FOLLOW_UP:
        intake_rules.check_transfer(command)
    else:
        assert refusal(command).legal_basis == "straffeprosessloven §71a fourth para"


@pytest.mark.parametrize("municipality", ["9999", "0101", None])
def test_s13_third_para_the_offenders_municipality_is_no_condition_of_a_transfer(
    municipality: str | None,
) -> None:
    case = ReferralCase.receive(transfer(offender_municipality=municipality), case_id="c1", now=NOW)
    assert (case.status, case.office) == (CaseStatus.REGISTERED, "konfliktradet-oslo")


def test_s13_third_para_an_office_konfliktradet_does_not_have_is_refused() -> None:
    case = ReferralCase.receive(transfer(office="konfliktradet-atlantis"), case_id="c1", now=NOW)
    assert case.status is CaseStatus.REJECTED
    assert case.rejection_basis == "konfliktrådsloven §13 third para"
    assert case.rejection_reason and "konfliktradet-atlantis" in case.rejection_reason


def test_par8_a_refused_case_is_recorded_with_its_provision_and_reason() -> None:
    case = ReferralCase.receive(transfer(offender_consents=False), case_id="c1", now=NOW)
    assert case.status is CaseStatus.REJECTED
    (event,) = case.events
    assert isinstance(event, ReferralRejected)
    assert event.legal_basis == "konfliktrådsloven §11 first para" and event.reason


def test_par9_a_registered_case_event_carries_no_identity() -> None:
    command = transfer(
        reaction=Reaction.FOLLOW_UP,
        victims=(victim(national_id="01010012356", name="Synthetic Victim"),),
    )
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    (event,) = case.events
    assert isinstance(event, ReferralRegistered)
    for identity in ("14831051222", "01010012356", "Synthetic"):
        assert identity not in repr(event)


def test_strpl_71a_the_case_and_its_event_carry_the_transfer_conditions_and_decision_maker() -> (
    None
):
    command = transfer(no_new_crimes_condition=True, compensation_condition=True)
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    assert case.no_new_crimes_condition and case.compensation_condition
    (event,) = case.events
    assert isinstance(event, ReferralRegistered)
    assert event.no_new_crimes_condition and event.compensation_condition
    assert event.decided_by.value == "prosecution"
