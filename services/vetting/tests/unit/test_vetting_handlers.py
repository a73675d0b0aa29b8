from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import vetting
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.vetting import MediatorAppointed
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.migrations import upgrade_to_head
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine
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


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'vetting.sqlite3'}"
    upgrade_to_head(MIGRATIONS, url)
    orm.start_mappers()
    return url


async def outbox_rows(url: str) -> list[dict[str, object]]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        rows = (await connection.execute(select(orm.plumbing.outbox))).mappings().all()
    await engine.dispose()
    return [dict(row) for row in rows]


def unit_of_work(url: str) -> VettingUnitOfWork:
    return VettingUnitOfWork(
        session_factory(create_async_engine(url)),
        tables=orm.plumbing,
        source=SOURCE,
        outbound=outbound.translate,
        clock=FrozenClock(NOW),
    )


@pytest.mark.asyncio
async def test_appointment_writes_the_mediator_and_its_outbox_row(database_url: str) -> None:
    mediator = await handlers.appoint_mediator(CANDIDATE, unit_of_work(database_url))

    assert mediator.term_ends == date(2030, 3, 2)
    [row] = await outbox_rows(database_url)
    assert (row["topic"], row["message_key"]) == (topics.VETTING_EVENTS, "m-1")
    assert row["event_type"] == MediatorAppointed.event_type
    published = MediatorAppointed.model_validate_json(str(row["payload"]))
    assert published.term_ends == date(2030, 3, 2)


@pytest.mark.asyncio
async def test_appointment_event_carries_no_personal_facts(database_url: str) -> None:
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(database_url))

    [row] = await outbox_rows(database_url)
    payload = json.loads(str(row["payload"]))
    assert set(payload) == {
        "mediator_id", "office", "municipality", "term_starts", "term_ends", "appointed_at"
    }


@pytest.mark.asyncio
async def test_a_retried_appointment_appoints_once(database_url: str) -> None:
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(database_url))
    await handlers.appoint_mediator(CANDIDATE, unit_of_work(database_url))

    assert len(await outbox_rows(database_url)) == 1


@pytest.mark.asyncio
async def test_par7_refused_appointment_stores_and_publishes_nothing(database_url: str) -> None:
    refused = replace(CANDIDATE, position=Position.POLICE)
    with pytest.raises(RuleViolation):
        await handlers.appoint_mediator(refused, unit_of_work(database_url))

    uow = unit_of_work(database_url)
    async with uow:
        assert await uow.mediators.get("m-1") is None
    assert await outbox_rows(database_url) == []
