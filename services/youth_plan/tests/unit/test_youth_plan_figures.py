"""The office's youth cases in figures: received by reaction, the days to the youth conference
and to closure, closed by outcome (§23 completed, §31 third para transferred), per month."""

from __future__ import annotations

from datetime import timedelta

from youth_cases import NOW, P, opened, repeated, running

from konfliktrad_shared.office_figures import LONG_STANDING_AVERAGE_DAYS
from youth_plan.domain import commands
from youth_plan.domain.commands import RepeatedBreachDecision
from youth_plan.domain.figures import per_month
from youth_plan.domain.vocabulary import RepeatedBreachAction, YouthReaction


def test_par23_received_by_reaction_and_the_conference_as_the_first_meeting() -> None:
    waiting = opened(YouthReaction.YOUTH_SENTENCE, 6)
    started = running(YouthReaction.YOUTH_FOLLOW_UP)
    report = per_month("oslo", [waiting, started])
    (november,) = report["months"]
    assert november["month"] == "2026-11"
    assert november["received"] == {"youth_sentence": 1, "youth_follow_up": 1}
    assert november["cases_to_first_meeting"] == 1
    assert november["mean_days_to_first_meeting"] == 0.0
    assert november["closed"] == {}
    assert report["long_standing_average_days"] == LONG_STANDING_AVERAGE_DAYS == 40


def test_par31_third_para_a_transferred_case_is_closed_in_the_month_of_the_transfer() -> None:
    case = repeated(YouthReaction.YOUTH_SENTENCE)
    later = NOW + timedelta(days=20)
    consents = frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
    case.decide_on_repeated_breach(
        commands.DecideOnRepeatedBreach(
            case.case_id, decision=RepeatedBreachDecision(RepeatedBreachAction.TRANSFER, consents)
        ),
        later,
    )
    _, december = per_month("oslo", [case])["months"]
    assert december["closed"] == {"transferred": 1}
    assert december["mean_days_to_closure"] == 20.0
    assert "case_id" not in str(per_month("oslo", [case])), "counts only, nothing that names it"
