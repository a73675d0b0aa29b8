"""The outbox gauges read what the outbox holds: unsent rows, the oldest one's age, parked
rows; an agency adapter's oldest unsent row is its agency's oldest undelivered escalation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from konfliktrad_shared.business_metrics import OutboxGauges
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def _outbox(path: Path) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    metadata = new_metadata()
    outbox = define_plumbing_tables(metadata).outbox
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        for n, (age_minutes, sent) in enumerate([(30, True), (12, False), (3, False)]):
            await connection.execute(
                outbox.insert().values(
                    event_id=f"e{n}",
                    topic="t",
                    message_key="k",
                    event_type="x",
                    payload="{}",
                    headers={},
                    created_at=NOW - timedelta(minutes=age_minutes),
                    published_at=NOW if sent else None,
                )
            )
        await connection.execute(
            outbox.update().where(outbox.c.event_id == "e1").values(parked_at=NOW)
        )
    await engine.dispose()
    return url


def _values(gauges: OutboxGauges) -> dict[str, float]:
    return {metric.name: metric.samples[0].value for metric in gauges.collect()}


async def test_the_gauges_read_backlog_oldest_age_and_parked_rows(tmp_path: Path) -> None:
    engine = create_engine(await _outbox(tmp_path / "o.db"))
    gauges = OutboxGauges("prosecution_adapter", engine)
    await gauges.refresh(now=NOW)
    await engine.dispose()

    assert _values(gauges) == {
        "konfliktrad_outbox_backlog": 2,
        "konfliktrad_outbox_oldest_unsent_age_seconds": 12 * 60,
        "konfliktrad_outbox_parked_rows": 1,
        "konfliktrad_escalation_oldest_undelivered_age_seconds": 12 * 60,
    }


async def test_an_empty_outbox_reads_as_nothing_waiting(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    metadata = new_metadata()
    define_plumbing_tables(metadata)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    gauges = OutboxGauges("referral", engine)
    await gauges.refresh(now=NOW)
    await engine.dispose()

    assert _values(gauges) == {
        "konfliktrad_outbox_backlog": 0,
        "konfliktrad_outbox_oldest_unsent_age_seconds": 0,
        "konfliktrad_outbox_parked_rows": 0,
    }
