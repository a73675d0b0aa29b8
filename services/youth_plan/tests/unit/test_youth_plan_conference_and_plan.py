"""The youth conference (§24), the execution period (§23), the plan (§25), the follow-up team
(§26) and the obligations and controls (§§27–30)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from youth_cases import NOW, REACTIONS, TODAY, P, conferenced, opened, running

from konfliktrad_shared.legal_time import add_months
from youth_plan.domain import commands
from youth_plan.domain.conference import mandatory
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import (
    ConferenceScheduled,
    ControlRecorded,
    ExecutionStarted,
    PlanNotAgreed,
)
from youth_plan.domain.vocabulary import BreachedObligation, Measure, YouthReaction

Y = YouthReaction


def test_par24_first_para_preparation_starts_when_the_case_arrives() -> None:
    case = opened(Y.YOUTH_SENTENCE)
    assert case.opened_at == NOW and case.execution_starts is None
    case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
    [scheduled] = [e for e in case.events if isinstance(e, ConferenceScheduled)]
    assert scheduled.conference_id == "c1-conference-1"
    assert [p["party_id"] for p in scheduled.participants] == [
        "offender",
        "guardian-offender-1",
        "victim-1",
    ]


@pytest.mark.parametrize(
    ("reaction", "required"),
    [
        (Y.YOUTH_SENTENCE, {P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE}),
        (Y.YOUTH_FOLLOW_UP, {P.OFFENDER, P.GUARDIANS}),
        (Y.FOLLOW_UP, {P.OFFENDER, P.GUARDIANS}),
    ],
)
def test_par24_third_fourth_para_not_held_without_the_mandatory_participants(
    reaction: Y, required: set[P]
) -> None:
    assert mandatory(reaction, offender_is_minor=True) == required
    for left_out in required - {P.GUARDIANS}:
        case = opened(reaction)
        case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
        with pytest.raises(RuleViolation) as raised:
            case.hold_conference_meeting(
                commands.HoldConferenceMeeting(
                    case.case_id,
                    held_on=TODAY,
                    attendees=required - {left_out},
                    temporary_guardian_decision=None,
                )
            )
        assert left_out.value in raised.value.reason
        assert case.conference_meetings == 0


def test_par24_fourth_para_police_attend_youth_follow_up_only_where_useful() -> None:
    case = conferenced(Y.YOUTH_FOLLOW_UP)
    assert P.POLICE not in mandatory(Y.YOUTH_FOLLOW_UP, True)
    assert case.conference_meetings == 1


@pytest.mark.parametrize("reaction", [Y.YOUTH_SENTENCE, Y.YOUTH_FOLLOW_UP])
def test_par24_fifth_para_absent_guardians_need_the_temporary_guardian_decision(
    reaction: Y,
) -> None:
    case = opened(reaction)
    case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
    attendees = mandatory(reaction, True) - {P.GUARDIANS}
    with pytest.raises(RuleViolation) as raised:
        case.hold_conference_meeting(
            commands.HoldConferenceMeeting(
                case.case_id, held_on=TODAY, attendees=attendees, temporary_guardian_decision=None
            )
        )
    assert raised.value.legal_basis == "konfliktrådsloven §24 fifth para"
    case.hold_conference_meeting(
        commands.HoldConferenceMeeting(
            case.case_id,
            held_on=TODAY,
            attendees=attendees | {P.TEMPORARY_GUARDIAN},
            temporary_guardian_decision="temporary_guardian_appointed",
        )
    )
    assert case.temporary_guardian_decision == "temporary_guardian_appointed"


def test_par24_third_para_victims_and_counsel_may_attend_a_youth_sentence() -> None:
    case = opened(Y.YOUTH_SENTENCE)
    case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
    extra = {P.VICTIM, P.VICTIMS_GUARDIANS, P.DEFENCE_COUNSEL, P.VICTIMS_COUNSEL, P.SCHOOL}
    case.hold_conference_meeting(
        commands.HoldConferenceMeeting(
            case.case_id,
            held_on=TODAY,
            attendees=mandatory(Y.YOUTH_SENTENCE, True) | extra,
            temporary_guardian_decision=None,
        )
    )
    assert case.conference_meetings == 1


@pytest.mark.parametrize("counsel", [P.DEFENCE_COUNSEL, P.VICTIMS_COUNSEL])
def test_par24_third_para_counsel_attend_only_in_a_youth_sentence(counsel: P) -> None:
    case = opened(Y.YOUTH_FOLLOW_UP)
    case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
    with pytest.raises(RuleViolation) as raised:
        case.hold_conference_meeting(
            commands.HoldConferenceMeeting(
                case.case_id,
                held_on=TODAY,
                attendees=mandatory(Y.YOUTH_FOLLOW_UP, True) | {counsel},
                temporary_guardian_decision=None,
            )
        )
    assert "youth sentence" in raised.value.reason


def test_par24_a_meeting_needs_a_scheduled_conference() -> None:
    with pytest.raises(RuleViolation):
        opened().hold_conference_meeting(
            commands.HoldConferenceMeeting(
                "c1",
                held_on=TODAY,
                attendees=mandatory(Y.YOUTH_FOLLOW_UP, True),
                temporary_guardian_decision=None,
            )
        )


def test_par24_sixth_para_par23_several_meetings_one_execution_period() -> None:
    case = conferenced(Y.YOUTH_SENTENCE, held_on=date(2026, 1, 31))
    case.hold_conference_meeting(
        commands.HoldConferenceMeeting(
            case.case_id,
            held_on=date(2026, 2, 10),
            attendees=mandatory(Y.YOUTH_SENTENCE, True),
            temporary_guardian_decision=None,
        )
    )
    assert case.conference_meetings == 2
    assert len([e for e in case.events if isinstance(e, ExecutionStarted)]) == 1
    assert case.execution_starts == datetime(2026, 1, 31, tzinfo=UTC)
    assert case.execution_ends == datetime(2027, 1, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime(2026, 1, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2027, 12, 31, tzinfo=UTC), 2, datetime(2028, 2, 29, tzinfo=UTC)),
        (datetime(2026, 3, 15, tzinfo=UTC), 36, datetime(2029, 3, 15, tzinfo=UTC)),
    ],
)
def test_par23_the_period_ends_the_same_day_months_later_or_the_months_last_day(
    start: datetime, months: int, end: datetime
) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("reaction", "months"),
    [(Y.YOUTH_FOLLOW_UP, 13), (Y.YOUTH_SENTENCE, 5), (Y.YOUTH_SENTENCE, 37), (Y.FOLLOW_UP, 0)],
)
def test_par23_the_referrals_duration_must_fit_the_reaction(reaction: Y, months: int) -> None:
    with pytest.raises(RuleViolation) as raised:
        opened(reaction, months)
    assert raised.value.legal_basis.startswith("konfliktrådsloven §23 ")
    assert raised.value.legal_basis.split("§23 ")[1].split(" ")[0] in {"first", "second"}


@pytest.mark.parametrize("reaction", REACTIONS)
def test_par25_the_plan_is_made_at_the_conference(reaction: Y) -> None:
    with pytest.raises(RuleViolation) as raised:
        opened(reaction).approve_plan(
            commands.ApproveYouthPlan(
                "c1",
                approved_by_coordinator=True,
                approved_by_offender=True,
                approved_by_guardians=True,
            ),
            NOW,
        )
    assert "conference" in raised.value.reason


@pytest.mark.parametrize("who", ["coordinator", "offender", "guardians"])
def test_par25_first_para_the_plan_needs_coordinator_offender_and_guardians(who: str) -> None:
    approvals = {"coordinator": True, "offender": True, "guardians": True, who: False}
    approval = commands.ApproveYouthPlan(
        "c1",
        approved_by_coordinator=approvals["coordinator"],
        approved_by_offender=approvals["offender"],
        approved_by_guardians=approvals["guardians"],
    )
    with pytest.raises(RuleViolation) as raised:
        conferenced(Y.YOUTH_SENTENCE).approve_plan(approval, NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §25 first para"


def test_par36_the_plan_of_an_adult_needs_the_office_and_the_offender_only() -> None:
    case = conferenced(Y.FOLLOW_UP, minor=False)
    case.approve_plan(
        commands.ApproveYouthPlan(
            case.case_id,
            approved_by_coordinator=True,
            approved_by_offender=True,
            approved_by_guardians=False,
        ),
        NOW,
    )
    assert case.plan_approved_at == NOW
    with pytest.raises(RuleViolation) as raised:
        conferenced(Y.FOLLOW_UP, minor=False).approve_plan(
            commands.ApproveYouthPlan(
                "c1",
                approved_by_coordinator=False,
                approved_by_offender=True,
                approved_by_guardians=True,
            ),
            NOW,
        )
    assert raised.value.legal_basis == "konfliktrådsloven §36 first para"
    assert "the office" in raised.value.reason


@pytest.mark.parametrize("measure", [Measure.INSTITUTION, Measure.TREATMENT])
def test_par25_second_para_institution_or_treatment_only_in_a_youth_sentence(
    measure: Measure,
) -> None:
    with pytest.raises(RuleViolation) as raised:
        conferenced(Y.YOUTH_FOLLOW_UP).approve_plan(
            commands.ApproveYouthPlan(
                "c1",
                approved_by_coordinator=True,
                approved_by_offender=True,
                approved_by_guardians=True,
                measures={measure},
            ),
            NOW,
        )
    assert raised.value.legal_basis == "konfliktrådsloven §25 second para"
    case = conferenced(Y.YOUTH_SENTENCE)
    case.approve_plan(
        commands.ApproveYouthPlan(
            case.case_id,
            approved_by_coordinator=True,
            approved_by_offender=True,
            approved_by_guardians=True,
            measures={measure},
        ),
        NOW,
    )
    assert case.measures == [measure.value]


@pytest.mark.parametrize(
    ("reaction", "basis", "returned_to"),
    [
        (Y.YOUTH_SENTENCE, "strl_28c", "court"),
        (Y.YOUTH_FOLLOW_UP, "strl_53_no3", "court"),
        (Y.YOUTH_FOLLOW_UP, "strpl_69_third_para", "prosecution"),
        (Y.YOUTH_FOLLOW_UP, "strpl_71a", "prosecution"),
    ],
)
def test_par25_fourth_fifth_para_no_plan_sends_the_case_back(
    reaction: Y, basis: str, returned_to: str
) -> None:
    case = conferenced(reaction, decision_basis=basis)
    case.record_no_plan_agreement(commands.RecordNoPlanAgreement(case.case_id), NOW)
    [back] = [e for e in case.events if isinstance(e, PlanNotAgreed)]
    assert back.returned_to == returned_to
    para = "fourth" if returned_to == "court" else "fifth"
    assert back.legal_basis == f"konfliktrådsloven §25 {para} para"
    with pytest.raises(RuleViolation):
        case.approve_plan(
            commands.ApproveYouthPlan(
                case.case_id,
                approved_by_coordinator=True,
                approved_by_offender=True,
                approved_by_guardians=True,
            ),
            NOW,
        )


def test_par26_second_para_the_youth_sentence_team_has_correctional_service_and_police() -> None:
    case = running(Y.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation) as raised:
        case.form_follow_up_team(
            commands.FormFollowUpTeam(case.case_id, members={P.OFFENDER, P.GUARDIANS, P.POLICE}),
            NOW,
        )
    assert raised.value.legal_basis == "konfliktrådsloven §26 second para"
    everyone = {P.OFFENDER, P.GUARDIANS, P.POLICE, P.CORRECTIONAL_SERVICE}
    case.form_follow_up_team(commands.FormFollowUpTeam(case.case_id, members=everyone), NOW)
    youth_follow_up = running(Y.YOUTH_FOLLOW_UP)
    youth_follow_up.form_follow_up_team(
        commands.FormFollowUpTeam(
            youth_follow_up.case_id, members={P.OFFENDER, P.GUARDIANS, P.SCHOOL}
        ),
        NOW,
    )
    assert youth_follow_up.team == ["guardians", "offender", "school"]


def test_par27_a_breach_of_the_general_obligations_climbs_the_ladder() -> None:
    outcome = running().record_breach(
        commands.RecordBreach(
            "c1", occurred_on=TODAY, obligation=BreachedObligation.GENERAL_OBLIGATIONS
        ),
        NOW,
    )
    assert outcome.legal_basis == "konfliktrådsloven §33 first para"


def test_par28_a_ban_needs_its_necessity_and_is_lifted_when_no_longer_needed() -> None:
    case = running()
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(
            commands.RecordBreach(
                case.case_id, occurred_on=TODAY, obligation=BreachedObligation.SUBSTANCE_BAN
            ),
            NOW,
        )
    assert raised.value.legal_basis == "konfliktrådsloven §28 first para"
    with pytest.raises(RuleViolation):
        case.impose_substance_ban(commands.ImposeSubstanceBan(case.case_id, necessity=" "), NOW)
    case.impose_substance_ban(
        commands.ImposeSubstanceBan(case.case_id, necessity="risk of violence when drunk"), NOW
    )
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.SUBSTANCE_BAN
        ),
        NOW,
    )
    case.lift_substance_ban(commands.LiftSubstanceBan(case.case_id), NOW)
    with pytest.raises(RuleViolation) as raised:
        case.lift_substance_ban(commands.LiftSubstanceBan(case.case_id), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §28 second para"


def test_par29_controls_need_measure_f_or_a_ban_and_stay_outside_the_plan() -> None:
    case = running()
    with pytest.raises(RuleViolation) as raised:
        case.record_control(commands.RecordControl(case.case_id, kind="home_visit", on=TODAY))
    assert raised.value.legal_basis == "konfliktrådsloven §29 first para"
    case.impose_substance_ban(commands.ImposeSubstanceBan(case.case_id, necessity="needed"), NOW)
    case.record_control(commands.RecordControl(case.case_id, kind="urine_test", on=TODAY))
    assert [e.kind for e in case.events if isinstance(e, ControlRecorded)] == ["urine_test"]
    assert case.measures == []


def test_par30_postponement_needs_health_or_especially_weighty_reasons() -> None:
    case = running()
    with pytest.raises(RuleViolation) as raised:
        case.postpone(commands.PostponeExecution(case.case_id, reason=""), NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §30"
    case.postpone(commands.PostponeExecution(case.case_id, reason="health"), NOW)
    assert case.postponement == "health"
