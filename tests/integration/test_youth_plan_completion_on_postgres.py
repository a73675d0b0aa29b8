"""youth_plan on real PostgreSQL: the migrations apply, the end of the execution period (§23)
is one durable deadline, and three tickers firing at once (three instances) report the
completion to the prosecution once; the case's state survives the round trip."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from fixtures.bus import Bus
from sqlalchemy import select

from konfliktrad_shared.assembly import build
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.migrations import upgrade_to_head
from youth_plan.adapters import orm
from youth_plan.bootstrap import declare
from youth_plan.config import YouthPlanSettings
from youth_plan.domain import commands as c
from youth_plan.domain import vocabulary as v
from youth_plan.domain.vocabulary import Participant as Who
from youth_plan.domain.vocabulary import YouthReaction
from youth_plan.main import MIGRATIONS

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
COMPLETED = "no.konfliktraadet.youth_plan.execution_completed.v1"


async def test_par23_three_tickers_report_the_completion_once(
    fresh_database: str, bus: Bus
) -> None:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, fresh_database)
    clock = FrozenClock(NOW)
    settings = YouthPlanSettings(database_url=fresh_database, **bus.service_settings("youth_plan"))
    assemblies = [build(declare(settings, clock)) for _ in range(3)]
    runtimes = [assembly.runtime for assembly in assemblies]
    try:
        buses = [assembly.bus for assembly in assemblies]
        messages = buses[0]
        await messages.handle(
            c.OpenYouthCase(
                "c-1",
                "POL-1",
                "oslo",
                YouthReaction.YOUTH_SENTENCE,
                6,
                decision_basis="strl_28c",
                parties=[{"party_id": "offender", "role": "offender", "is_minor": True}],
            )
        )
        await messages.handle(c.ScheduleConference("c-1", NOW))
        attendees = frozenset({Who.OFFENDER, Who.GUARDIANS, Who.POLICE, Who.CORRECTIONAL_SERVICE})
        await messages.handle(c.HoldConferenceMeeting("c-1", NOW.date(), attendees))
        await messages.handle(
            c.ApproveYouthPlan("c-1", True, True, True, frozenset({v.Measure.CURFEW}))
        )

        clock.set(NOW + timedelta(days=182))
        tickers = [assembly.ticker for assembly in assemblies]
        fired = await asyncio.gather(*(ticker.fire_due() for ticker in tickers))
        assert sum(fired) == 1

        async with runtimes[0].engine.connect() as connection:
            outbox = orm.plumbing.outbox
            rows = (
                await connection.execute(
                    select(outbox.c.topic, outbox.c.event_type).where(
                        outbox.c.event_type == COMPLETED
                    )
                )
            ).all()
            case = (
                await connection.execute(
                    select(orm.youth_cases).where(orm.youth_cases.c.case_id == "c-1")
                )
            ).one()
        assert [(row.topic, row.event_type) for row in rows] == [(topics.PROSECUTION, COMPLETED)]
        assert case.completed_on == date(2027, 5, 20)
        assert case.measures == ["g_curfew"] and case.conference_meetings == 1
        assert case.parties == [{"party_id": "offender", "role": "offender", "is_minor": True}]
    finally:
        for runtime in runtimes:
            await runtime.engine.dispose()
