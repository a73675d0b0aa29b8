"""On real PostgreSQL: the §18 period's end and the performance reminders fire once each, with
two service instances ticking at the same moment and after a restart (durable deadlines)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fixtures.bus import Bus
from sqlalchemy import select

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair
from konfliktrad_shared.migrations import upgrade_to_head
from mediation.adapters import orm
from mediation.config import MediationSettings
from mediation.domain import commands, vocabulary
from mediation.domain.agreements import Agreement, Performance
from mediation.domain.meetings import Meeting, Participant
from mediation.domain.vocabulary import MeetingKind, MeetingMode, ParticipantRole, PerformanceKind
from mediation.main import MIGRATIONS, create_app

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE_DATES = (date(2026, 4, 1), date(2026, 4, 15), date(2026, 5, 1))
PARTIES = (
    PartyRef(party_id="offender", role=PartyRole.OFFENDER),
    PartyRef(party_id="victim-1", role=PartyRole.VICTIM),
)


async def approve_an_agreement(app: object) -> None:
    bus = app.state.bus  # type: ignore[attr-defined]
    await bus.handle(commands.AddMediatorToRoster("m-1", "oslo", date(2030, 1, 1)))
    await bus.handle(
        commands.OpenMediationCase(
            "c-1", "oslo", vocabulary.MediationReaction.MEDIATION, DecisionBasis.TRANSFER, PARTIES
        )
    )
    await bus.handle(commands.AssignMediators("c-1", ("m-1",), None))
    meeting = Meeting(
        "meet-1",
        MeetingKind.MEDIATION_MEETING,
        NOW + timedelta(days=1),
        MeetingMode.IN_PERSON,
        [Participant(p.party_id, ParticipantRole.PARTY) for p in PARTIES],
    )
    await bus.handle(commands.ScheduleMeeting("c-1", meeting))
    performances = [
        Performance(PerformanceKind.MONEY, "NOK 2000", due, "offender", "victim-1")
        for due in DUE_DATES
    ]
    agreement = Agreement("a-1", "meet-1", True, ["offender", "victim-1"], [], performances, True)
    await bus.handle(commands.RecordAgreement("c-1", agreement))
    await bus.handle(commands.DecideOnAgreement("c-1", "a-1", "m-1", True, True))


async def published_kinds(app: object) -> list[str]:
    outbox = orm.plumbing.outbox
    async with app.state.runtime.engine.connect() as connection:  # type: ignore[attr-defined]
        rows = (await connection.execute(select(outbox.c.event_type, outbox.c.payload))).all()
    return [
        row.event_type.split(".")[-2] + ":" + json.loads(row.payload).get("due_on", "")
        for row in rows
    ]


async def test_par18_deadlines_fire_once_with_two_instances_and_after_a_restart(
    fresh_database: str, bus: Bus, tmp_path: Path
) -> None:
    keys = await asyncio.to_thread(generate_dev_keypair, tmp_path / "keys")
    settings = MediationSettings(
        database_url=fresh_database,
        **bus.service_settings("mediation"),
        auth_jwks_file=keys.jwks,
        field_keys=f"it:{generate_key()}",
        blind_index_key=generate_key(),
    )
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    clock = FrozenClock(NOW)
    first, second = create_app(settings, clock=clock), create_app(settings, clock=clock)
    try:
        await approve_an_agreement(first)
        clock.set(datetime(2026, 6, 1, tzinfo=UTC))  # past the period and every reminder
        fired = await asyncio.gather(first.state.ticker.fire_due(), second.state.ticker.fire_due())
        assert sum(fired) == 4, "each deadline taken by one instance (SKIP LOCKED)"
    finally:
        for app in (first, second):
            await app.state.runtime.engine.dispose()

    restarted = create_app(settings, clock=FrozenClock(datetime(2026, 6, 2, tzinfo=UTC)))
    try:
        assert await restarted.state.ticker.fire_due() == 0
        kinds = await published_kinds(restarted)
    finally:
        await restarted.state.runtime.engine.dispose()
    assert kinds.count("withdrawal_period_ended:") == 1
    assert sorted(k for k in kinds if k.startswith("performance_due")) == [
        f"performance_due:{due.isoformat()}" for due in DUE_DATES
    ]
