"""The §18 period's end and performance reminders are durable deadlines: they fire once,
when the clock passes them, also after a restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from mediation_http import NOW, make_settings, office, play_to_approval

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.deadlines import DueDeadline
from mediation.deadline_firing import firing
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
        deadline = DueDeadline(
            "d-1",
            WITHDRAWAL_PERIOD_ENDS,
            "c-1",
            NOW,
            {"agreement_id": agreement_id},
        )
        fire = firing(o.app.state.bus)
        await fire(deadline)
        await fire(deadline)
        await fire(DueDeadline("d-2", WITHDRAWAL_PERIOD_ENDS, "c-gone", NOW, deadline.payload))

        assert kinds(await o.outbox()).count("withdrawal_period_ended") == 1
