"""Two execution periods (§23) that end before the same poll, on the embedded SQLite default:
both are reported completed, each once. SQLite has one writer, so a ticker that held its mark
of the first across the second's handler would wait on itself for ever."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from youth_harness import NOW, Harness, harness, registered

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from youth_plan.domain import commands as c
from youth_plan.domain.commands import Participant

__all__ = ["harness"]
P = Participant
ATTENDEES = frozenset({P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE})


async def start(harness: Harness, case_id: str) -> None:
    await harness.deliver(
        registered(Reaction.YOUTH_FOLLOW_UP, case_id, DecisionBasis.TRANSFER, minor=True)
    )
    await harness.bus.handle(c.ScheduleConference(case_id, NOW))
    await harness.bus.handle(c.HoldConferenceMeeting(case_id, NOW.date(), ATTENDEES))
    await harness.bus.handle(c.ApproveYouthPlan(case_id, True, True, True))


async def test_par23_two_periods_ending_in_one_poll_are_each_reported_once(
    harness: Harness,
) -> None:
    await start(harness, "c-1")
    await start(harness, "c-2")
    harness.clock.set(NOW + timedelta(days=200))

    assert await asyncio.wait_for(harness.ticker.fire_due(), 20) == 2
    assert await asyncio.wait_for(harness.ticker.fire_due(), 20) == 0

    completed = [
        (topic, key)
        for topic, key, event_type, _ in await harness.outbox()
        if event_type.endswith("execution_completed.v1")
    ]
    assert sorted(completed) == [(topics.PROSECUTION, "c-1"), (topics.PROSECUTION, "c-2")]
