"""The law, second reading, through youth_plan's consumed topic (`referral.events.v1`, fed as
Kafka records): a corrected referral reaches the running case (§23), or is refused with the
provision."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from youth_harness import NOW, Harness, harness
from youth_second_reading import CASES, LATER, TODAY, registration

from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from youth_plan.domain import commands as c
from youth_plan.domain import vocabulary as v

__all__ = ["harness"]


# -- through the consumed topic ---------------------------------------------------------------


def corrected(case_id: str, months: int | None) -> referral.ReferralCorrected:
    return referral.ReferralCorrected(
        case_id=case_id,
        sender_reference=f"ref-{case_id}",
        office="oslo",
        changed_fields=["execution_months"],
        execution_months=months,
        execution_ends_on=None,
        temporary_guardian_needed=False,
        corrected_at=NOW,
    )


async def running_case(
    harness: Harness, case_id: str, conference_on: date, months: int = 12
) -> None:
    facts = CASES.get(case_id, (Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER, True, None))
    await harness.deliver(registration(case_id, *facts, months=months))
    bus = harness.bus
    await bus.handle(c.ScheduleConference(case_id, NOW))
    attendees = frozenset({v.Participant.OFFENDER, v.Participant.GUARDIANS})
    await bus.handle(c.HoldConferenceMeeting(case_id, conference_on, attendees))
    await bus.handle(c.ApproveYouthPlan(case_id, True, True, True))


async def periods(harness: Harness) -> list[dict[str, Any]]:
    return [row[3] for row in await harness.outbox() if row[2].endswith("execution_period_set.v1")]


async def test_s23_the_period_runs_from_the_conference_and_its_end_is_published(
    harness: Harness,
) -> None:
    # Decided (registered) on 20 November; the conference meets on 4 December.
    await running_case(harness, "yf-1", LATER, months=6)
    [published] = await periods(harness)
    assert published["execution_starts"].startswith(LATER.isoformat())
    assert published["execution_ends"].startswith("2027-06-04")
    assert published["legal_basis"] == "konfliktrådsloven §23 second para"
    assert published["corrected"] is False


async def test_s23_a_corrected_referral_moves_the_running_cases_end_from_the_conference(
    harness: Harness,
) -> None:
    await running_case(harness, "yf-1", TODAY, months=6)
    await harness.deliver(corrected("yf-1", 9))
    published = await periods(harness)
    assert published[-1]["execution_ends"].startswith("2027-08-20") and published[-1]["corrected"]
    # The deadline of the old end (20 May) finds the period still running.
    harness.clock.set(datetime(2027, 5, 21, 12, tzinfo=UTC))
    assert await harness.ticker.fire_due() == 1
    assert not [r for r in await harness.outbox() if r[2].endswith("execution_completed.v1")]
    harness.clock.set(datetime(2027, 8, 21, 12, tzinfo=UTC))
    assert await harness.ticker.fire_due() == 1
    [completed] = [r[3] for r in await harness.outbox() if r[2].endswith("execution_completed.v1")]
    assert completed["completed_on"] == "2027-08-20"


async def test_s23_a_correction_before_the_conference_changes_the_length_only(
    harness: Harness,
) -> None:
    await harness.deliver(registration("yf-1", *CASES["yf-1"], months=6))
    await harness.deliver(corrected("yf-1", 10))
    [published] = await periods(harness)
    assert published["execution_months"] == 10 and published["execution_ends"] is None
    await harness.bus.handle(c.ScheduleConference("yf-1", NOW))
    attendees = frozenset({v.Participant.OFFENDER, v.Participant.GUARDIANS})
    await harness.bus.handle(c.HoldConferenceMeeting("yf-1", TODAY, attendees))
    assert (await periods(harness))[-1]["execution_ends"].startswith("2027-09-20")


async def test_s23_a_correction_of_a_completed_case_is_refused_with_reasons(
    harness: Harness,
) -> None:
    await running_case(harness, "yf-1", TODAY, months=6)
    harness.clock.set(datetime(2027, 5, 21, 12, tzinfo=UTC))
    assert await harness.ticker.fire_due() == 1
    await harness.deliver(corrected("yf-1", 9))
    refusals = [r for r in await harness.outbox() if r[2].endswith("period_correction_refused.v1")]
    assert {r[0] for r in refusals} == {topics.PROSECUTION, topics.YOUTH_PLAN_EVENTS}
    payload = refusals[0][3]
    assert payload["legal_basis"] == "konfliktrådsloven §23 second para"
    assert "completion is reported" in payload["reason"]
    assert len(await periods(harness)) == 1, "the end did not move"


async def test_s23_a_corrected_end_that_has_already_passed_is_refused(harness: Harness) -> None:
    await running_case(harness, "yf-1", TODAY, months=12)
    harness.clock.set(datetime(2027, 3, 1, 12, tzinfo=UTC))
    await harness.deliver(corrected("yf-1", 2))  # would have ended on 20 January 2027
    [refused] = [
        r[3]
        for r in await harness.outbox()
        if r[2].endswith("period_correction_refused.v1") and r[0] == topics.YOUTH_PLAN_EVENTS
    ]
    assert "2027-01-20" in refused["reason"] and "before the correction" in refused["reason"]


async def test_s31_third_para_a_correction_of_a_transferred_youth_sentence_is_refused(
    harness: Harness,
) -> None:
    await harness.deliver(registration("ys-1", *CASES["ys-1"]))
    bus, P = harness.bus, v.Participant
    everyone = frozenset({P.OFFENDER, P.GUARDIANS, P.POLICE, P.CORRECTIONAL_SERVICE})
    await bus.handle(c.ScheduleConference("ys-1", NOW))
    await bus.handle(c.HoldConferenceMeeting("ys-1", TODAY, everyone))
    await bus.handle(c.ApproveYouthPlan("ys-1", True, True, True))
    await bus.handle(c.RecordBreach("ys-1", TODAY, v.BreachedObligation.YOUTH_PLAN))
    await bus.handle(c.SummonToBreachConversation("ys-1", NOW))
    await bus.handle(c.HoldBreachConversation("ys-1", TODAY))
    decision = c.RepeatedBreachDecision(
        v.RepeatedBreachAction.TRANSFER, frozenset({P.POLICE, P.CORRECTIONAL_SERVICE})
    )
    await bus.handle(c.RecordBreach("ys-1", TODAY, v.BreachedObligation.YOUTH_PLAN, True, decision))
    await harness.deliver(corrected("ys-1", 18))
    refusals = [r for r in await harness.outbox() if r[2].endswith("period_correction_refused.v1")]
    # A youth sentence is the court's: no prosecution topic, the office's own topic only.
    assert [r[0] for r in refusals] == [topics.YOUTH_PLAN_EVENTS]
    assert refusals[0][3]["legal_basis"] == "konfliktrådsloven §31 third para"


async def test_s23_a_correction_of_a_case_youth_plan_does_not_run_is_skipped(
    harness: Harness,
) -> None:
    await harness.deliver(corrected("mediation-case", None))
    assert await harness.outbox() == []


async def test_s24_an_offender_of_age_is_invited_without_the_former_guardians(
    harness: Harness,
) -> None:
    await harness.deliver(registration("ys-18", *CASES["ys-18"]))
    await harness.bus.handle(c.ScheduleConference("ys-18", NOW))
    [invitation] = [
        r[3] for r in await harness.outbox() if r[2].endswith("conference_scheduled.v1")
    ]
    assert [p["party_id"] for p in invitation["participants"]] == ["offender"]
