"""Youth cases at each point of their course, for the unit tests (pure domain, no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from youth_plan.domain import commands
from youth_plan.domain.conference import mandatory
from youth_plan.domain.model import YouthCase
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Participant,
    RepeatedBreachAction,
    YouthReaction,
)

P = Participant
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = NOW.date()
LATER = TODAY + timedelta(days=14)
REACTIONS = list(YouthReaction)
BASIS_OF = {
    YouthReaction.YOUTH_SENTENCE: "strl_28c",
    YouthReaction.YOUTH_FOLLOW_UP: "strpl_71a",
    YouthReaction.FOLLOW_UP: "strpl_71a",
}
PARTIES = [
    {"party_id": "offender", "role": "offender", "is_minor": True, "sealed_contact": "s1"},
    {"party_id": "guardian-offender-1", "role": "guardian", "guardian_of": "offender"},
    {"party_id": "victim-1", "role": "victim"},
]
EVERYONE_CONSENTS = frozenset({P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE})


def opened(
    reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP,
    months: int = 12,
    *,
    minor: bool = True,
    decision_basis: str | None = None,
) -> YouthCase:
    return YouthCase.open(
        case_id="c1",
        sender_reference="POL-1",
        office="oslo",
        reaction=reaction,
        execution_months=months,
        now=NOW,
        decision_basis=decision_basis or BASIS_OF[reaction],
        offender_is_minor=minor,
        parties=PARTIES,
    )


def conferenced(
    reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP, held_on: date = TODAY, **kw: bool
) -> YouthCase:
    case = opened(reaction, **kw)
    case.schedule_conference(commands.ScheduleConference(case.case_id, starts_at=NOW))
    case.hold_conference_meeting(
        commands.HoldConferenceMeeting(
            case.case_id,
            held_on=held_on,
            attendees=mandatory(reaction, case.offender_is_minor),
            temporary_guardian_decision=None,
        )
    )
    return case


def running(reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP, **kw: bool) -> YouthCase:
    """Conference held and plan approved: execution runs from TODAY."""
    case = conferenced(reaction, **kw)
    case.approve_plan(
        commands.ApproveYouthPlan(
            case.case_id,
            approved_by_coordinator=True,
            approved_by_offender=True,
            approved_by_guardians=True,
        ),
        NOW,
    )
    return case


def warned(reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP) -> YouthCase:
    """A breach, then the breach conversation held."""
    case = running(reaction)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=TODAY, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    case.summon_to_breach_conversation(
        commands.SummonToBreachConversation(case.case_id, starts_at=NOW)
    )
    case.hold_breach_conversation(
        commands.HoldBreachConversation(case.case_id, held_on=TODAY, attended=True), NOW
    )
    return case


def repeated(reaction: YouthReaction = YouthReaction.YOUTH_FOLLOW_UP) -> YouthCase:
    """A new breach after the breach conversation (§31/§33 third para)."""
    case = warned(reaction)
    case.record_breach(
        commands.RecordBreach(
            case.case_id, occurred_on=LATER, obligation=BreachedObligation.YOUTH_PLAN
        ),
        NOW,
    )
    return case


TRANSFER = RepeatedBreachAction.TRANSFER
# The provision of each reaction's breach ladder.
PARA = {
    YouthReaction.YOUTH_SENTENCE: "konfliktrådsloven §31",
    YouthReaction.YOUTH_FOLLOW_UP: "konfliktrådsloven §33",
    YouthReaction.FOLLOW_UP: "konfliktrådsloven §36 second para, cf. §33",
}


def consents_for(reaction: YouthReaction) -> frozenset[Participant]:
    return (
        frozenset({Participant.POLICE, Participant.CORRECTIONAL_SERVICE})
        if reaction is YouthReaction.YOUTH_SENTENCE
        else frozenset()
    )
