"""Handlers against SQLite: sealed applications, outbox rows, and the durable expiry deadline
fired by a ticker — also one built after a "restart", from the table alone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import vetting
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import vetting as contract
from konfliktrad_shared.crypto import FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.deadlines import DeadlineTicker, firing
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.migrations import upgrade_to_head
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import VettingUnitOfWork
from vetting.bootstrap import DEADLINE_CONSUMER, DEADLINE_KINDS, SOURCE
from vetting.domain import commands
from vetting.domain.errors import RuleViolation
from vetting.domain.vocabulary import Candidate, Committee, Requirement, Role

MIGRATIONS = Path(vetting.__file__).parent / "migrations"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COMMITTEE = Committee("municipal rep", "police rep", "office leader")
CANDIDATE = Candidate(
    name="Synthetic Mediator",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_since=None,
    lives_in_municipality=True,
    suitable=True,
    police_certificate_received_on=date(2026, 2, 20),
)


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    orm.start_mappers()
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


CIPHER = FieldCipher(Keyring.from_setting(f"t:{generate_key()}"))


def bus(engine: AsyncEngine, clock: FrozenClock) -> MessageBus:
    def uow(delivery: object = None) -> VettingUnitOfWork:
        return VettingUnitOfWork(
            session_factory(engine),
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translate,
            clock=clock,
            delivery=delivery,  # type: ignore[arg-type]
            cipher=CIPHER,
        )

    return MessageBus(
        uow_factory=uow,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )


async def outbox(engine: AsyncEngine) -> list[dict[str, object]]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(orm.plumbing.outbox))).mappings().all()
    return [dict(row) for row in rows]


async def appointed(messages: MessageBus, role: Role = Role.MEDIATOR) -> str:
    submit = commands.SubmitApplication("a-1", "konfliktradet-oslo", role, "0301", CANDIDATE)
    await messages.handle(submit)
    appointment = await messages.handle(commands.Appoint("a-1", "m-1", COMMITTEE))
    return str(appointment.mediator_id)


def ticker(engine: AsyncEngine, clock: FrozenClock, messages: MessageBus) -> DeadlineTicker:
    return DeadlineTicker(
        engine=engine,
        deadlines=orm.plumbing.deadlines,
        clock=clock,
        fire=firing(messages.handle, DEADLINE_KINDS, DEADLINE_CONSUMER),
        poll_seconds=0.01,
    )


@pytest.mark.asyncio
async def test_the_candidates_personal_facts_are_sealed_at_rest(engine: AsyncEngine) -> None:
    await appointed(bus(engine, FrozenClock(NOW)))
    async with engine.connect() as connection:
        [row] = (await connection.execute(select(orm.applications))).mappings().all()
    assert "Synthetic" not in str(dict(row)) and "1980" not in row["candidate_sealed"]


@pytest.mark.asyncio
async def test_appointment_publishes_without_personal_facts(engine: AsyncEngine) -> None:
    await appointed(bus(engine, FrozenClock(NOW)))
    [row] = await outbox(engine)
    assert (row["topic"], row["event_type"]) == (
        topics.VETTING_EVENTS,
        contract.MediatorAppointed.event_type,
    )
    payload = json.loads(str(row["payload"]))
    assert payload["term_ends"] == "2030-03-02" and payload["time_limited"] is True
    assert "Synthetic" not in str(row["payload"]) and "birth" not in str(row["payload"])


@pytest.mark.asyncio
async def test_a_youth_coordinators_appointment_is_not_published(engine: AsyncEngine) -> None:
    await appointed(bus(engine, FrozenClock(NOW)), Role.YOUTH_COORDINATOR)
    assert await outbox(engine) == []


@pytest.mark.asyncio
async def test_a_retried_appointment_appoints_once(engine: AsyncEngine) -> None:
    messages = bus(engine, FrozenClock(NOW))
    await appointed(messages)
    await messages.handle(commands.Appoint("a-1", "m-2", COMMITTEE))
    assert len(await outbox(engine)) == 1


@pytest.mark.asyncio
async def test_par4_term_expiry_is_a_durable_deadline_fired_once_after_a_restart(
    engine: AsyncEngine,
) -> None:
    clock = FrozenClock(NOW)
    await appointed(bus(engine, clock))
    assert await ticker(engine, clock, bus(engine, clock)).fire_due() == 0

    clock.set(datetime(2030, 3, 1, 23, 0, tzinfo=UTC))  # midnight, 2 March 2030 in Oslo
    restarted = bus(engine, clock)  # nothing in memory: only the deadlines table remembers
    assert await ticker(engine, clock, restarted).fire_due() == 1
    assert await ticker(engine, clock, restarted).fire_due() == 0

    types = [row["event_type"] for row in await outbox(engine)]
    assert types == [contract.MediatorAppointed.event_type, contract.MediatorTermExpired.event_type]


@pytest.mark.asyncio
async def test_par4_two_terms_ending_together_both_expire_in_one_pass_on_sqlite(
    engine: AsyncEngine,
) -> None:
    clock = FrozenClock(NOW)
    messages = bus(engine, clock)
    for n in (1, 2):
        submit = commands.SubmitApplication(
            f"a-{n}", "konfliktradet-oslo", Role.MEDIATOR, "0301", CANDIDATE
        )
        await messages.handle(submit)
        await messages.handle(commands.Appoint(f"a-{n}", f"m-{n}", COMMITTEE))
    clock.set(datetime(2030, 3, 2, 12, tzinfo=UTC))
    fired = [
        await asyncio.wait_for(ticker(engine, clock, messages).fire_due(), 10) for _ in range(3)
    ]
    assert fired == [2, 0, 0]


@pytest.mark.asyncio
async def test_par4_renewal_schedules_the_new_end_and_the_old_deadline_passes(
    engine: AsyncEngine,
) -> None:
    clock = FrozenClock(NOW)
    messages = bus(engine, clock)
    await appointed(messages)
    clock.set(datetime(2030, 2, 1, tzinfo=UTC))
    await messages.handle(commands.RenewTerm("m-1", COMMITTEE))
    clock.advance(timedelta(days=60))
    assert await ticker(engine, clock, messages).fire_due() == 1  # the old one, ignored
    types = [row["event_type"] for row in await outbox(engine)]
    assert types[-1] == contract.MediatorTermRenewed.event_type


@pytest.mark.asyncio
async def test_par4_fifth_para_revocation_is_published_with_its_provision(
    engine: AsyncEngine,
) -> None:
    messages = bus(engine, FrozenClock(NOW))
    await appointed(messages)
    await messages.handle(
        commands.Revoke("m-1", Requirement.POSITION, self_reported=True, committee=COMMITTEE)
    )
    row = (await outbox(engine))[-1]
    revoked = contract.MediatorRevoked.model_validate_json(str(row["payload"]))
    assert revoked.legal_basis == "konfliktrådsloven §4 fifth para, konfliktrådsloven §7 first para"
    assert revoked.effective_on == date(2026, 3, 2)


@pytest.mark.asyncio
async def test_par6_refused_appointment_stores_and_publishes_nothing(engine: AsyncEngine) -> None:
    messages = bus(engine, FrozenClock(NOW))
    unsuitable = commands.SubmitApplication(
        "a-2",
        "konfliktradet-oslo",
        Role.MEDIATOR,
        "0301",
        Candidate(**{**CANDIDATE.__dict__, "suitable": False}),
    )
    await messages.handle(unsuitable)
    with pytest.raises(RuleViolation):
        await messages.handle(commands.Appoint("a-2", "m-2", COMMITTEE))
    assert await outbox(engine) == []
