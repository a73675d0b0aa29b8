from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import vetting
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.vetting import MediatorAppointed
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.migrations import upgrade_to_head
from vetting import handlers
from vetting.adapters import orm, outbound
from vetting.adapters.unit_of_work import VettingUnitOfWork
from vetting.bootstrap import SOURCE
from vetting.domain.commands import AppointMediator, Position
from vetting.domain.errors import RuleViolation

MIGRATIONS = Path(vetting.__file__).parent / "migrations"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CANDIDATE = AppointMediator(
    mediator_id="m-1",
    office="oslo",
    municipality="0301",
    birth_date=date(1980, 5, 17),
    citizenship="NO",
    resident_in_norway_years=0,
    lives_in_municipality=True,
    police_certificate_clean=True,
    position=Position.NONE,
    on_leave=False,
)


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    orm.start_mappers()
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


async def outbox_rows(engine: AsyncEngine) -> list[dict[str, object]]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(orm.plumbing.outbox))).mappings().all()
    return [dict(row) for row in rows]


def unit_of_work(engine: AsyncEngine) -> VettingUnitOfWork:
    return VettingUnitOfWork(
        session_factory(engine),
        tables=orm.plumbing,
        source=SOURCE,
        outbound=outbound.translate,
        clock=FrozenClock(NOW),
    )


@pytest.mark.asyncio
async def test_appointment_writes_the_mediator_and_its_outbox_row(engine: AsyncEngine) -> None:
    mediator = await handlers.appoint_mediator(CANDIDATE, unit_of_work(engine))

    assert mediator.term_ends == date(2030, 3, 2)
    [row] = await outbox_rows(engine)
    assert (row["topic"], row["message_key"]) == (topics.VETTING_EVENTS, "m-1")
    assert row["event_type"] == MediatorAppointed.event_type
    published = MediatorAppointed.model_validate_json(str(row["payload"]))
    assert published.term_ends == date(2030, 3, 2)


@pytest.mark.asyncio
async def test_appointment_event_carries_no_personal_facts(engine: AsyncEngine) -> None:
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(engine))

    [row] = await outbox_rows(engine)
    payload = json.loads(str(row["payload"]))
    assert set(payload) == {
        "mediator_id",
        "office",
        "municipality",
        "term_starts",
        "term_ends",
        "appointed_at",
    }


@pytest.mark.asyncio
async def test_a_retried_appointment_appoints_once(engine: AsyncEngine) -> None:
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(engine))
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(engine))

    assert len(await outbox_rows(engine)) == 1


@pytest.mark.asyncio
async def test_par7_refused_appointment_stores_and_publishes_nothing(engine: AsyncEngine) -> None:
    refused = replace(CANDIDATE, position=Position.POLICE)
    with pytest.raises(RuleViolation):
        await handlers.appoint_mediator(refused, unit_of_work(engine))

    uow = unit_of_work(engine)
    async with uow:
        assert await uow.mediators.get("m-1") is None
    assert await outbox_rows(engine) == []
