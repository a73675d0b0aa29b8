"""Age at the offence (strpl §71a second para, strl §28 c) and execution periods (§23, strpl
§71a first para), exact to the day. Offence 2026-09-01, decision 2026-10-15."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from referral_transfers import DECIDED, NOW, refusal, transfer

from konfliktrad_shared.legal_time import add_months, age_on
from referral.domain import intake_rules
from referral.domain.events import ReferralRegistered
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import DecisionBasis, Reaction

DAY = timedelta(days=1)
YOUTH_SENTENCE = {
    "reaction": Reaction.YOUTH_SENTENCE,
    "decision_basis": DecisionBasis.YOUTH_SENTENCE,
}
YEAR_ON = date(2027, 10, 15)  # the decision date one year on


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        (date(2011, 9, 2), False),  # the day before the 15th birthday: 14
        (date(2011, 9, 1), True),  # the 15th birthday itself
        (date(2008, 9, 2), True),  # the day before the 18th birthday: 17
        (date(2008, 9, 1), False),  # the 18th birthday itself
    ],
)
def test_strpl_71a_second_para_youth_follow_up_age_15_to_17_on_the_offence_date(
    birth_date: date, allowed: bool
) -> None:
    command = transfer(offender_birth_date=birth_date)
    if allowed:
        intake_rules.check_transfer(command)
    else:
        assert refusal(command).legal_basis == "straffeprosessloven §71a second para"


@pytest.mark.parametrize(
    ("basis", "provision"),
    [
        (
            DecisionBasis.CONDITIONAL_WAIVER,
            "straffeprosessloven §69 third para, cf. straffeloven §53 no. 3 (i)",
        ),
        (DecisionBasis.SUSPENDED_SENTENCE, "straffeloven §53 no. 3 (i)"),
    ],
)
def test_strl_53_no3_i_youth_follow_up_age_limits_cite_the_basis(
    basis: DecisionBasis, provision: str
) -> None:
    too_old = transfer(decision_basis=basis, offender_birth_date=date(2008, 9, 1))
    assert refusal(too_old).legal_basis == provision


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        (date(2008, 9, 2), True),  # the day before the 18th birthday
        (date(2008, 9, 1), False),  # the 18th birthday itself
    ],
)
def test_strl_28c_youth_sentence_offender_under_18_on_the_offence_date(
    birth_date: date, allowed: bool
) -> None:
    command = transfer(**YOUTH_SENTENCE, offender_birth_date=birth_date)
    if allowed:
        intake_rules.check_transfer(command)
    else:
        assert refusal(command).legal_basis == "straffeloven §28 c (2005 Code §52 a)"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"repeated_or_serious_crime": None}, "repeated or serious crime"),
        ({"repeated_or_serious_crime": False}, "repeated or serious crime"),
        ({"offender_lives_in_norway": None}, "lives in Norway"),
        ({"offender_lives_in_norway": False}, "lives in Norway"),
    ],
)
def test_strl_28c_youth_sentence_needs_repeated_or_serious_crime_and_residence_in_norway(
    changes: dict[str, object], says: str
) -> None:
    refused = refusal(transfer(**YOUTH_SENTENCE, **changes))
    assert refused.legal_basis == "straffeloven §28 c (2005 Code §52 a)"
    assert says in refused.reason


def test_strl_28c_the_court_findings_are_not_asked_of_youth_follow_up() -> None:
    command = transfer(repeated_or_serious_crime=None, offender_lives_in_norway=None)
    intake_rules.check_transfer(command)


def test_strpl_71a_second_para_age_counts_at_the_offence_not_the_decision() -> None:
    eighteen_since_the_offence = date(2008, 9, 2)  # 17 on 2026-09-01, 18 by 2026-10-15
    assert age_on(eighteen_since_the_offence, DECIDED) == 18
    intake_rules.check_transfer(transfer(offender_birth_date=eighteen_since_the_offence))


@pytest.mark.parametrize("reaction", [Reaction.YOUTH_FOLLOW_UP, Reaction.FOLLOW_UP])
@pytest.mark.parametrize(
    ("months", "ends_on", "allowed"),
    [
        (12, None, True),
        (13, None, False),
        (None, YEAR_ON, True),  # 12 months
        (None, YEAR_ON + DAY, False),  # 12 months and one day
        (None, DECIDED + DAY, True),
        (None, DECIDED, False),  # ends before it begins
        (None, None, False),  # not stated
        (12, YEAR_ON, True),  # both, agreeing
        (11, YEAR_ON, False),  # both, disagreeing
    ],
)
def test_par23_second_para_and_strpl_71a_first_para_follow_up_up_to_one_year(
    reaction: Reaction, months: int | None, ends_on: date | None, allowed: bool
) -> None:
    command = transfer(reaction=reaction, execution_months=months, execution_ends_on=ends_on)
    if allowed:
        intake_rules.check_transfer(command)
    else:
        provision = (
            "konfliktrådsloven §23 second para"
            if reaction is Reaction.YOUTH_FOLLOW_UP
            else "straffeprosessloven §71a first para"
        )
        assert refusal(command).legal_basis == provision


@pytest.mark.parametrize(
    ("months", "extra_day", "court_states_over_two_years", "allowed"),
    [
        (6, -1, False, False),  # one day short of six months
        (5, 0, False, False),
        (6, 0, False, True),
        (24, 0, False, True),
        (24, 0, True, True),
        (24, 1, False, False),  # two years and one day without the court's statement
        (24, 1, True, True),
        (30, 0, False, False),
        (30, 0, True, True),
        (36, 0, False, False),
        (36, 0, True, True),
        (36, 1, True, False),  # three years and one day
        (37, 0, True, False),
    ],
)
def test_par23_first_para_youth_sentence_six_months_to_two_or_three_years(
    months: int, extra_day: int, court_states_over_two_years: bool, allowed: bool
) -> None:
    ends_on = add_months(DECIDED, months) + extra_day * DAY
    given = (
        {"execution_months": months}
        if not extra_day
        else {"execution_months": None, "execution_ends_on": ends_on}
    )
    command = transfer(
        **YOUTH_SENTENCE,
        **given,
        prison_would_clearly_exceed_two_years=court_states_over_two_years,
    )
    if allowed:
        assert intake_rules.check_transfer(command).execution_ends_on == ends_on
    else:
        assert refusal(command).legal_basis == "konfliktrådsloven §23 first para"


def test_par23_mediation_has_no_execution_period() -> None:
    intake_rules.check_transfer(transfer(reaction=Reaction.MEDIATION, execution_months=None))


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 10, 15), 12, date(2027, 10, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_par23_months_are_counted_calendar_exact(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("ends_on", "months"),
    [(YEAR_ON, 12), (YEAR_ON - DAY, 12), (add_months(DECIDED, 6) + 3 * DAY, 7)],
)
def test_par23_an_end_date_alone_still_tells_youth_plan_the_months(
    ends_on: date, months: int
) -> None:
    """The length goes on; the end is youth_plan's, counted from the conference (§23), so
    the deprecated `execution_ends_on` carries none."""
    command = transfer(execution_months=None, execution_ends_on=ends_on)
    (event,) = ReferralCase.receive(command, case_id="c1", now=NOW).events
    assert isinstance(event, ReferralRegistered)
    assert (event.execution_months, event.execution_ends_on) == (months, None)
