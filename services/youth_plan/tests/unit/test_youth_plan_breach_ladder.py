from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from youth_plan.domain.breach_ladder import LadderStep
from youth_plan.domain.commands import YouthReaction
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import BreachEscalated
from youth_plan.domain.model import YouthCase

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = NOW.date()


def opened(reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP, months: int = 12) -> YouthCase:
    return YouthCase.open(
        case_id="c1",
        sender_reference="POL-1",
        office="oslo",
        reaction=reaction,
        execution_months=months,
        now=NOW,
    )


def approved(reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP) -> YouthCase:
    case = opened(reaction)
    case.approve_plan(coordinator=True, offender=True, guardians=True, now=NOW)
    return case


def test_par23_youth_follow_up_execution_period_at_most_one_year() -> None:
    with pytest.raises(RuleViolation) as raised:
        opened(months=13)
    assert raised.value.legal_basis == "konfliktrådsloven §23"


def test_par25_plan_needs_the_coordinator_offender_and_guardians() -> None:
    case = opened()
    with pytest.raises(RuleViolation) as raised:
        case.approve_plan(coordinator=True, offender=True, guardians=False, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §25 first para"
    assert "guardians" in raised.value.reason


def test_par22_no_breach_before_an_approved_plan() -> None:
    with pytest.raises(RuleViolation) as raised:
        opened().record_breach(occurred_on=TODAY, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §22"


def test_par33_first_para_a_first_breach_leads_to_a_breach_conversation() -> None:
    outcome = approved().record_breach(occurred_on=TODAY, now=NOW)
    assert outcome.step is LadderStep.BREACH_CONVERSATION
    assert outcome.legal_basis == "konfliktrådsloven §33 first para"


@pytest.mark.parametrize(
    ("reaction", "basis"),
    [
        (YouthReaction.YOUTH_FOLLOW_UP, "konfliktrådsloven §33 third para"),
        (
            YouthReaction.YOUTH_SENTENCE,
            "konfliktrådsloven §31 third para; straffeloven §28c fourth para",
        ),
    ],
)
def test_par31_par33_third_para_a_new_breach_after_the_conversation_transfers_the_case(
    reaction: YouthReaction, basis: str
) -> None:
    case = approved(reaction)
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.hold_breach_conversation(held_on=TODAY, now=NOW)
    outcome = case.record_breach(occurred_on=TODAY, now=NOW)
    assert outcome.step is LadderStep.TRANSFER and outcome.legal_basis == basis
    escalations = [e for e in case.events if isinstance(e, BreachEscalated)]
    assert len(escalations) == 1 and escalations[0].breaches == 2


def test_par31_first_para_a_conversation_needs_a_breach_first() -> None:
    with pytest.raises(RuleViolation):
        approved().hold_breach_conversation(held_on=TODAY, now=NOW)


def test_a_transferred_case_takes_no_more_breaches() -> None:
    case = approved()
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.hold_breach_conversation(held_on=TODAY, now=NOW)
    case.record_breach(occurred_on=TODAY, now=NOW)
    with pytest.raises(RuleViolation):
        case.record_breach(occurred_on=date(2026, 12, 1), now=NOW)
