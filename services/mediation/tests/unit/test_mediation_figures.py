"""The office's figures: received by kind, closed by outcome, days to the first held meeting
and to closure, each in the Norwegian month it happened; nothing that names a case."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from mediation_builders import MEETING_AT, NOW, approved_case, case, scheduled

from mediation.domain.figures import LONG_STANDING_AVERAGE_DAYS, per_month
from mediation.domain.meetings import MeetingOutcome


def held(at_agreement: bool) -> MeetingOutcome:
    return MeetingOutcome(True, None, at_agreement, ("offender", "victim-1"), MEETING_AT)


def test_a_fulfilled_case_counts_its_days_to_the_first_meeting_and_to_closure() -> None:
    fulfilled = approved_case()
    fulfilled.meetings[0].outcome = held(True)
    fulfilled.agreements[0].fulfilled_at = NOW + timedelta(days=20)

    (march,) = per_month([fulfilled])

    assert march.month == "2026-03"
    assert march.received == {"criminal": 1}
    assert march.closed == {"fulfilled": 1}
    assert march.mean_days_to_first_meeting == 7.0
    assert march.mean_days_to_closure == 20.0


def test_a_meeting_without_agreement_closes_the_case_and_an_open_case_is_only_received() -> None:
    no_agreement = scheduled(case())
    no_agreement.meetings[0].outcome = replace(held(False), recorded_at=NOW + timedelta(days=40))
    still_open = case()

    (march, april) = per_month([no_agreement, still_open])

    assert march.received == {"criminal": 2}
    assert not march.closed
    assert april.month == "2026-04"
    assert april.closed == {"no_agreement": 1}
    assert april.mean_days_to_closure == 40.0


def test_the_long_standing_average_is_prop_57_ls_just_under_forty_days() -> None:
    assert LONG_STANDING_AVERAGE_DAYS == 40
