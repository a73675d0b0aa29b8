"""The §18 period's end and performance reminders are durable deadlines: they fire once,
when the clock passes them, also after a restart."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from mediation_http import NOW, make_settings, office, play_to_approval
from sqlalchemy import update

from konfliktrad_shared import deadlines
from konfliktrad_shared.clock import FrozenClock
from mediation.handlers import WITHDRAWAL_PERIOD_ENDS

OSLO = ZoneInfo("Europe/Oslo")


def kinds(outbox: list[dict[str, object]]) -> list[str]:
    return [str(m["type"]).split(".")[-2] for m in outbox]


async def test_par18_the_period_end_fires_once_at_its_first_instant_and_not_again_after_a_restart(
    tmp_path: Path,
) -> None:
    settings = await make_settings(tmp_path)
    clock = FrozenClock(NOW)
    async with office(settings, clock) as first:
        await first.seed()
        await play_to_approval(first)
        period_end = NOW.astimezone(OSLO).replace(hour=0, minute=0) + timedelta(days=15)

        clock.set(period_end - timedelta(microseconds=1))
        assert await first.app.state.ticker.fire_due() == 0
        clock.set(period_end)
        assert await first.app.state.ticker.fire_due() == 1
        assert kinds(await first.outbox()).count("withdrawal_period_ended") == 1

    async with office(settings, FrozenClock(period_end + timedelta(days=1))) as restarted:
        assert await restarted.app.state.ticker.fire_due() == 0
        assert kinds(await restarted.outbox()).count("withdrawal_period_ended") == 1


async def test_par17_a_performance_reminder_fires_three_days_before_the_due_date_once(
    tmp_path: Path,
) -> None:
    settings = await make_settings(tmp_path)
    clock = FrozenClock(NOW)
    async with office(settings, clock) as o:
        await o.seed()
        await play_to_approval(o)  # due 30 days after NOW
        due_on = (NOW + timedelta(days=30)).date()

        clock.set(NOW + timedelta(days=26))
        await o.app.state.ticker.fire_due()
        assert "performance_due" not in kinds(await o.outbox())

        clock.set(NOW + timedelta(days=27, hours=1))
        await o.app.state.ticker.fire_due()
        await o.app.state.ticker.fire_due()
        reminders = [m for m in await o.outbox() if "performance_due" in str(m["type"])]
        assert len(reminders) == 1
        assert reminders[0]["payload"]["due_on"] == due_on.isoformat()
        assert reminders[0]["payload"]["office"] == "oslo"
        assert [p["party_id"] for p in reminders[0]["payload"]["parties"]] == [
            "offender",
            "victim-1",
        ]


async def test_par18_a_deadline_acted_on_before_a_crash_is_not_acted_on_again(
    tmp_path: Path,
) -> None:
    """The ticker marks a row fired after the handler committed; a crash in between makes
    the next pass see it again. The inbox turns that into a no-op, not a stuck ticker."""
    settings = await make_settings(tmp_path)
    clock = FrozenClock(NOW)
    async with office(settings, clock) as o:
        await o.seed()
        _, agreement_id = await play_to_approval(o)
        runtime = o.app.state.runtime
        table = runtime.tables.deadlines
        async with runtime.sessions() as session:
            for case_id in ("c-1", "c-gone"):
                await deadlines.schedule(
                    session,
                    table,
                    kind=WITHDRAWAL_PERIOD_ENDS,
                    aggregate_id=case_id,
                    due_at=NOW,
                    payload={"agreement_id": agreement_id},
                )
            await session.commit()
        ticker = o.app.state.ticker
        assert await ticker.fire_due() == 2  # the vanished case's deadline is done too
        async with runtime.engine.begin() as connection:  # the crash before the marking
            await connection.execute(
                update(table).where(table.c.fired_at.is_not(None)).values(fired_at=None)
            )
        assert await ticker.fire_due() == 2
        assert await ticker.fire_due() == 0

        assert kinds(await o.outbox()).count("withdrawal_period_ended") == 1


async def test_par18_the_period_end_and_a_reminder_due_in_one_poll_on_sqlite_each_fire_once(
    tmp_path: Path,
) -> None:
    """SQLite has one writer: the ticker must not hold its mark of the first deadline while
    the second one's handler writes (it would wait on itself until the busy timeout)."""
    settings = await make_settings(tmp_path)
    assert settings.uses_sqlite
    clock = FrozenClock(NOW)
    async with office(settings, clock) as o:
        await o.seed()
        await play_to_approval(o)  # the §18 period ends after 15 days, performance due at 30
        clock.set(NOW + timedelta(days=40))
        ticker = o.app.state.ticker
        assert await asyncio.wait_for(ticker.fire_due(), 20) == 2
        assert await asyncio.wait_for(ticker.fire_due(), 20) == 0
        published = kinds(await o.outbox())
        assert published.count("withdrawal_period_ended") == 1
        assert published.count("performance_due") == 1
