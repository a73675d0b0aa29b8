from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from referral.domain import intake_rules
from referral.domain.commands import (
    DecisionBasis,
    Guardian,
    Offender,
    Reaction,
    RegisterTransferredCase,
)
from referral.domain.errors import RuleViolation
from referral.domain.events import CaseRegistered, CaseRejected
from referral.domain.model import CaseStatus, ReferralCase

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def transfer(**changes: object) -> RegisterTransferredCase:
    offender = Offender(
        national_id="14831051222",
        name="Synthetic Offender",
        birth_date=date(2010, 3, 14),
        municipality="0301",
        consents=True,
        acknowledges_guilt=True,
        guardians=(Guardian("Synthetic Guardian", "verge@example.no", consents=True),),
    )
    command = RegisterTransferredCase(
        sender_reference="POL-1",
        sender="Oslo politidistrikt",
        reaction=Reaction.YOUTH_FOLLOW_UP,
        decision_basis=DecisionBasis.TRANSFER,
        office="konfliktradet-oslo",
        offence_date=date(2026, 9, 1),
        decided_on=date(2026, 10, 15),
        execution_months=12,
        prison_would_clearly_exceed_two_years=False,
        offender=offender,
    )
    offender_changes = {k[9:]: v for k, v in changes.items() if k.startswith("offender_")}
    other = {k: v for k, v in changes.items() if not k.startswith("offender_")}
    return replace(command, offender=replace(offender, **offender_changes), **other)  # type: ignore[arg-type]


def refusal(command: RegisterTransferredCase) -> RuleViolation:
    with pytest.raises(RuleViolation) as raised:
        intake_rules.check_transfer(command)
    return raised.value


def test_a_lawful_youth_follow_up_transfer_passes() -> None:
    intake_rules.check_transfer(transfer())


def test_par1_second_para_youth_sentence_only_from_a_court_under_strl_28c() -> None:
    violation = refusal(transfer(reaction=Reaction.YOUTH_SENTENCE, execution_months=12))
    assert violation.legal_basis == "konfliktrådsloven §1 second para"


def test_strpl_71a_guilt_must_be_acknowledged() -> None:
    violation = refusal(transfer(offender_acknowledges_guilt=False))
    assert violation.legal_basis == "straffeprosessloven §71a first para"


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        (date(2011, 9, 1), True),  # 15 on the offence date itself
        (date(2011, 9, 2), False),  # 14 for one more day
        (date(2008, 9, 2), True),  # 17, turning 18 the day after
        (date(2008, 9, 1), False),  # 18 on the offence date
    ],
)
def test_strpl_71a_second_para_youth_follow_up_age_15_to_17_exact_to_the_day(
    birth_date: date, allowed: bool
) -> None:
    command = transfer(offender_birth_date=birth_date)
    if allowed:
        intake_rules.check_offender_age(command)
    else:
        with pytest.raises(RuleViolation) as raised:
            intake_rules.check_offender_age(command)
        assert raised.value.legal_basis == "straffeprosessloven §71a second para"


def test_strl_52a_youth_sentence_needs_an_offender_under_18() -> None:
    command = transfer(
        reaction=Reaction.YOUTH_SENTENCE,
        decision_basis=DecisionBasis.YOUTH_SENTENCE,
        offender_birth_date=date(2008, 8, 31),
    )
    assert refusal(command).legal_basis == "straffeloven §52 a first para"


def test_par11_first_para_the_offender_must_consent() -> None:
    assert (
        refusal(transfer(offender_consents=False)).legal_basis == "konfliktrådsloven §11 first para"
    )


def test_par11_fourth_para_youth_reaction_needs_every_guardians_consent() -> None:
    guardians = (
        Guardian("A", "a@example.no", consents=True),
        Guardian("B", "b@example.no", consents=False),
    )
    violation = refusal(transfer(offender_guardians=guardians))
    assert violation.legal_basis == "konfliktrådsloven §11 fourth para"


def test_par23_second_para_youth_follow_up_runs_at_most_one_year() -> None:
    violation = refusal(transfer(execution_months=13))
    assert violation.legal_basis == "konfliktrådsloven §23 second para"


@pytest.mark.parametrize(
    ("months", "clearly_over_two_years", "allowed"),
    [
        (5, False, False),
        (6, False, True),
        (24, False, True),
        (25, False, False),
        (36, True, True),
        (37, True, False),
    ],
)
def test_par23_first_para_youth_sentence_six_months_to_two_or_three_years(
    months: int, clearly_over_two_years: bool, allowed: bool
) -> None:
    command = transfer(
        reaction=Reaction.YOUTH_SENTENCE,
        decision_basis=DecisionBasis.YOUTH_SENTENCE,
        execution_months=months,
        prison_would_clearly_exceed_two_years=clearly_over_two_years,
    )
    if allowed:
        intake_rules.check_execution_period(command)
    else:
        with pytest.raises(RuleViolation) as raised:
            intake_rules.check_execution_period(command)
        assert raised.value.legal_basis == "konfliktrådsloven §23 first para"


def test_par8_a_refused_case_is_recorded_with_its_provision_and_reason() -> None:
    case = ReferralCase.receive(transfer(offender_consents=False), case_id="c1", now=NOW)
    assert case.status is CaseStatus.REJECTED
    (event,) = case.events
    assert isinstance(event, CaseRejected)
    assert event.legal_basis == "konfliktrådsloven §11 first para" and event.reason


def test_a_registered_case_event_carries_no_identity() -> None:
    case = ReferralCase.receive(transfer(), case_id="c1", now=NOW)
    (event,) = case.events
    assert isinstance(event, CaseRegistered)
    assert "14831051222" not in repr(event) and "Synthetic" not in repr(event)
