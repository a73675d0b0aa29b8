"""Vetting on real PostgreSQL: the expiry of a term is one durable deadline, and three tickers
(three instances, or one restarted while another runs) firing at once end the term once.
The candidate's personal facts are sealed in the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import vetting
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import vetting as contract
from konfliktrad_shared.crypto import FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import create_engine, session_factory
from konfliktrad_shared.deadlines import DeadlineTicker, firing
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.migrations import upgrade_to_head
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import VettingUnitOfWork
from vetting.bootstrap import DEADLINE_CONSUMER, DEADLINE_KINDS, SOURCE
from vetting.domain import commands
from vetting.domain.vocabulary import Candidate, Committee, Role

pytestmark = pytest.mark.integration

MIGRATIONS = Path(vetting.__file__).parent / "migrations"
CIPHER = FieldCipher(Keyring.from_setting(f"it:{generate_key()}"))
CANDIDATE = Candidate(
    name="Synthetic Mediator",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_since=None,
    lives_in_municipality=True,
    suitable=True,
    # §6 third para: the extended police certificate is received before appointment.
    police_certificate_received_on=date(2026, 2, 20),
)


def bus(engine: AsyncEngine, clock: FrozenClock) -> MessageBus:
    def unit_of_work(delivery: Delivery | None) -> VettingUnitOfWork:
        return VettingUnitOfWork(
            session_factory(engine),
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translate,
            clock=clock,
            delivery=delivery,
            cipher=CIPHER,
        )

    return MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )


async def test_par4_three_tickers_at_once_end_the_term_once(fresh_database: str) -> None:
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, fresh_database)
    orm.start_mappers()
    engine = create_engine(fresh_database)
    clock = FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC))
    try:
        messages = bus(engine, clock)
        await messages.handle(
            commands.SubmitApplication(
                "a-1", "konfliktradet-oslo", Role.MEDIATOR, "0301", CANDIDATE
            )
        )
        await messages.handle(commands.Appoint("a-1", "m-1", Committee("M", "P", "L")))

        clock.set(datetime(2030, 3, 2, 8, tzinfo=UTC))
        tickers = [
            DeadlineTicker(
                engine=engine,
                deadlines=orm.plumbing.deadlines,
                clock=clock,
                fire=firing(bus(engine, clock).handle, DEADLINE_KINDS, DEADLINE_CONSUMER),
                poll_seconds=0.01,
            )
            for _ in range(3)
        ]
        fired = await asyncio.gather(*(ticker.fire_due() for ticker in tickers))
        assert sum(fired) == 1

        async with engine.connect() as connection:
            outbox = (await connection.execute(select(orm.plumbing.outbox))).mappings().all()
            [deadline] = (await connection.execute(select(orm.plumbing.deadlines))).all()
            sealed = (
                await connection.execute(text("SELECT candidate_sealed FROM applications"))
            ).scalar_one()
            status = (
                await connection.execute(text("SELECT status FROM appointments"))
            ).scalar_one()
        assert [row["event_type"] for row in outbox] == [
            contract.MediatorAppointed.event_type,
            contract.MediatorTermExpired.event_type,
        ]
        assert deadline.fired_at is not None and status == "EXPIRED"
        assert "Synthetic" not in sealed and "1980" not in sealed
    finally:
        await engine.dispose()
