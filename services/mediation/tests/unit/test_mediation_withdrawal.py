"""§18: the withdrawal period, to the instant, and what ends it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from mediation_builders import (
    CLAIMANT,
    RESPONDENT,
    agreement,
    approve,
    approved_case,
    case,
    meeting,
    party,
    standing,
)

from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.domain.errors import RuleViolation
from mediation.domain.events import AgreementWithdrawn, WithdrawalPeriodEnded
from mediation.domain.model import MediationCase
from mediation.domain.withdrawal import withdrawal_ends_at

OSLO = ZoneInfo("Europe/Oslo")
APPROVED = datetime(2026, 3, 2, 14, 10, tzinfo=OSLO)  # Monday afternoon, Oslo time
LAST_INSTANT = datetime(2026, 3, 16, 23, 59, 59, 999999, tzinfo=OSLO)  # Monday two weeks on
FIRST_INSTANT_AFTER = datetime(2026, 3, 17, 0, 0, tzinfo=OSLO)


def test_par18_the_period_ends_at_the_end_of_the_same_weekday_two_weeks_later() -> None:
    assert withdrawal_ends_at(APPROVED) == FIRST_INSTANT_AFTER
    assert FIRST_INSTANT_AFTER.weekday() == APPROVED.weekday() + 1


def test_par18_the_norwegian_date_of_approval_counts_not_the_utc_date() -> None:
    late_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already Monday 2 March in Oslo
    assert withdrawal_ends_at(late_utc) == FIRST_INSTANT_AFTER


def test_par18_across_the_summer_time_change_the_end_is_oslo_midnight() -> None:
    approved = datetime(2026, 3, 16, 10, 0, tzinfo=OSLO)  # clocks go forward on 29 March
    assert withdrawal_ends_at(approved) == datetime(2026, 3, 31, 0, 0, tzinfo=OSLO)
    assert withdrawal_ends_at(approved).utcoffset() == timedelta(hours=2)


def test_par18_first_para_a_party_may_withdraw_at_the_periods_last_instant() -> None:
    mediation = approved_case(at=APPROVED)
    mediation.withdraw("a-1", "victim-1", LAST_INSTANT)

    assert mediation.agreements[0].withdrawn_by == "victim-1"
    [event] = mediation.events
    assert isinstance(event, AgreementWithdrawn) and event.outcome.case_returned


def test_par18_withdrawal_is_refused_at_the_first_instant_after_the_period() -> None:
    mediation = approved_case(at=APPROVED)
    with pytest.raises(RuleViolation) as refused:
        mediation.withdraw("a-1", "offender", FIRST_INSTANT_AFTER)

    assert refused.value.legal_basis == (
        "konfliktrådsloven §18 first para, domstolloven §148 second para"
    )
    assert mediation.agreements[0].withdrawn_by is None


def test_par18_first_para_a_fulfilled_agreement_cannot_be_withdrawn_from() -> None:
    mediation = approved_case(at=APPROVED)
    mediation.confirm_fulfilment("a-1", APPROVED + timedelta(days=1))

    with pytest.raises(RuleViolation, match="fulfilled") as refused:
        mediation.withdraw("a-1", "offender", APPROVED + timedelta(days=2))
    assert refused.value.legal_basis == "konfliktrådsloven §18 first para"


def test_par18_only_a_party_withdraws() -> None:
    mediation = approved_case(at=APPROVED)
    with pytest.raises(RuleViolation, match="only a party"):
        mediation.withdraw("a-1", "guardian-offender-1", APPROVED)


def test_par18_an_unapproved_agreement_has_nothing_to_withdraw_from() -> None:
    mediation = case()
    mediation.schedule_meeting(meeting(), {"m-1": standing("m-1")})
    mediation.record_agreement(agreement())
    with pytest.raises(RuleViolation, match="only an approved agreement"):
        mediation.withdraw("a-1", "offender", APPROVED)


def civil_agreement(deadline: datetime | None) -> MediationCase:
    mediation = case(CLAIMANT, RESPONDENT, basis=DecisionBasis.CIVIL)
    mediation.schedule_meeting(meeting(party(CLAIMANT), party(RESPONDENT)), {"m-1": standing()})
    mediation.record_agreement(
        agreement(signed_by=("claimant", "respondent"), agreed_withdrawal_deadline=deadline)
    )
    approve(mediation, at=APPROVED)
    return mediation


def test_par18_second_para_an_agreed_civil_withdrawal_deadline_is_honoured() -> None:
    deadline = APPROVED + timedelta(days=5)
    mediation = civil_agreement(deadline)
    assert mediation.agreements[0].withdrawal_ends_at == deadline
    with pytest.raises(RuleViolation) as refused:
        civil_agreement(deadline).withdraw("a-1", "claimant", deadline)
    assert refused.value.legal_basis == "konfliktrådsloven §18 second para"

    mediation.withdraw("a-1", "claimant", deadline - timedelta(microseconds=1))
    assert mediation.agreements[0].withdrawn_by == "claimant"


def test_par18_second_para_without_an_agreed_deadline_a_civil_agreement_stands() -> None:
    with pytest.raises(RuleViolation, match="agreed no withdrawal deadline"):
        civil_agreement(None).withdraw("a-1", "claimant", APPROVED)


def test_par18_first_para_the_period_is_not_agreed_in_a_criminal_case() -> None:
    mediation = case()
    mediation.schedule_meeting(meeting(), {"m-1": standing("m-1")})
    with pytest.raises(RuleViolation, match="Act's two weeks"):
        mediation.record_agreement(agreement(agreed_withdrawal_deadline=APPROVED))


def test_par18_the_period_closes_once_and_not_after_a_withdrawal() -> None:
    mediation = approved_case(at=APPROVED)
    mediation.close_withdrawal_period("a-1", FIRST_INSTANT_AFTER)
    mediation.close_withdrawal_period("a-1", FIRST_INSTANT_AFTER)
    assert mediation.events == [WithdrawalPeriodEnded("c-1", "a-1", "oslo", FIRST_INSTANT_AFTER)]

    withdrawn = approved_case(at=APPROVED)
    withdrawn.withdraw("a-1", "offender", APPROVED)
    withdrawn.events.clear()
    withdrawn.close_withdrawal_period("a-1", FIRST_INSTANT_AFTER)
    assert withdrawn.events == []
