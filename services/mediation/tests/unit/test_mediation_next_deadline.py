"""Each case's next deadline and its provision, for the office's case list: the §18
withdrawal period's last day, then a performance's due date (§17 fourth para)."""

from __future__ import annotations

from datetime import date, timedelta

from mediation_builders import NOW, approved_case, case

from mediation.domain.next_deadline import next_deadline


def test_s18_first_para_the_withdrawal_periods_last_day_comes_first() -> None:
    deadline = next_deadline(approved_case())  # approved Monday 9 March 2026
    assert deadline is not None
    assert deadline.due_on == date(2026, 3, 23)  # two weeks on, the last day itself
    assert deadline.what == "withdrawal_period_ends"
    assert deadline.legal_basis.startswith("konfliktrådsloven §18 first para")


def test_s17_fourth_para_after_the_period_the_performances_due_date_is_next() -> None:
    mediation = approved_case()
    mediation.agreements[0].withdrawal_period_over = True
    deadline = next_deadline(mediation)
    assert deadline is not None
    assert (deadline.due_on, deadline.what) == (date(2026, 4, 1), "performance_due")
    assert deadline.legal_basis == "konfliktrådsloven §17 fourth para"


def test_s20_third_para_a_fulfilled_agreement_and_a_case_without_one_wait_for_nothing() -> None:
    fulfilled = approved_case()
    fulfilled.agreements[0].fulfilled_at = NOW + timedelta(days=20)
    assert next_deadline(fulfilled) is None
    assert next_deadline(case()) is None
