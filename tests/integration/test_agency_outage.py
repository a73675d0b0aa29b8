"""An agency down far longer than any backoff: the adapter's real relay (lease mode, as the
adapter runs it) on its real schema on PostgreSQL tries on for as long as the outage lasts,
holds no transaction open meanwhile, and delivers every escalation exactly once when the
agency answers again; a refusal is parked with its reason, visible, and released.

Timings are shortened: the longest backoff is 0.2 s and the outage lasts 30 times that; while
down, the agency's stand-in hangs 1.5 s before its 503 (a slow agency, not a closed port),
so a transaction held across an HTTP call would show in `pg_stat_activity`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import eventually_true, free_port
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

import notification
from devtools.standins import AgencyInbox as InboxStandIn
from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.db import create_engine
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.outbox_relay import OutboxRelay
from konfliktrad_shared.outbox_status import outbox_status, release_parked
from notification.adapters import orm
from notification.adapters.agency import AgencyInbox, RetryPolicy

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(180)]

MIGRATIONS = Path(notification.__file__).parent / "migrations"
LONGEST_BACKOFF = 0.2
OUTAGE = 30 * LONGEST_BACKOFF
HANG = 1.5
ESCALATIONS = 12


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def write_escalations(engine: AsyncEngine, count: int) -> None:
    """Rows as the adapter's consumer writes them: one `agency:` row per escalation."""
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        case_id = f"case-{n % 4}"
        payload = {
            "event_id": f"esc-{n}",
            "original_type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
            "source": "urn:konfliktrad:youth_plan",
            "time": now.isoformat(),
            "about": case_id,
            "data": {"case_id": case_id, "n": n},
        }
        rows.append(
            {
                "event_id": f"esc-{n}",
                "topic": "agency:prosecution",
                "message_key": case_id,
                "event_type": "internal.notification.agency_delivery.v1",
                "payload": json.dumps(payload),
                "headers": {},
                "created_at": now,
            }
        )
    async with engine.begin() as connection:
        await connection.execute(insert(orm.plumbing.outbox), rows)


async def longest_open_transaction(engine: AsyncEngine) -> float:
    """Seconds the oldest transaction on this database (other than this probe) has been open."""
    async with engine.connect() as connection:
        age = await connection.scalar(
            text(
                "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
        )
    return float(age or 0.0)


@asynccontextmanager
async def running_adapter_relay(
    engine: AsyncEngine, endpoint: str, signer: DeliverySigner
) -> AsyncIterator[None]:
    async with httpx.AsyncClient(timeout=5) as client:
        inbox = AgencyInbox(
            agency="prosecution",
            client=client,
            endpoint=endpoint,
            signer=signer,
            policy=RetryPolicy(first_backoff_seconds=0.05, max_backoff_seconds=LONGEST_BACKOFF),
        )
        relay = OutboxRelay(
            engine=engine,
            outbox=orm.plumbing.outbox,
            publisher=inbox,
            clock=SystemClock(),
            poll_seconds=0.05,
            max_attempts=3,  # a bound the outage passes many times over: it must not apply
            lease_seconds=30.0,
        )
        task = asyncio.create_task(relay.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def test_an_agency_down_for_long_gets_every_escalation_once_and_no_transaction_waits(
    database_factory: DatabaseFactory,
) -> None:
    url = database_factory("agency_outage")
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_engine(url)
    signer = DeliverySigner.generate("prosecution-adapter")
    stand_in = InboxStandIn(
        "prosecution",
        {signer.key_id: signer.public_key()},
        down=True,
        answer_delay_while_down=HANG,
    )
    try:
        await write_escalations(engine, ESCALATIONS)
        async with (
            served(stand_in.app()) as base,
            running_adapter_relay(engine, f"{base}/inbox", signer),
        ):
            longest = 0.0
            outage_ends = time.monotonic() + OUTAGE
            while time.monotonic() < outage_ends:
                longest = max(longest, await longest_open_transaction(engine))
                await asyncio.sleep(0.05)
            during = await outbox_status(engine, orm.plumbing)
            stand_in.down = False

            async def all_delivered() -> bool:
                return (await outbox_status(engine, orm.plumbing)).backlog == 0

            await eventually_true(all_delivered, "every escalation delivered", timeout=60)

        assert stand_in.refused_while_down >= 3, "the agency was asked during the outage"
        assert during.backlog == ESCALATIONS and during.parked == [], "nothing given up"
        # Counted, not a set: the stand-in records a first delivery and counts any repeat.
        assert len(stand_in.deliveries) == ESCALATIONS
        assert stand_in.redeliveries == 0
        for case in range(4):
            about = [d.event_id for d in stand_in.deliveries if d.subject == f"case-{case}"]
            assert about == [f"esc-{n}" for n in range(case, ESCALATIONS, 4)], "in order"
        assert longest < 1.0, f"a transaction stayed open {longest:.1f}s during the outage"
    finally:
        await engine.dispose()


async def test_a_refusal_is_parked_with_the_agencys_reason_and_released_once_fixed(
    database_factory: DatabaseFactory,
) -> None:
    url = database_factory("agency_refusal")
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_engine(url)
    signer = DeliverySigner.generate("prosecution-adapter")
    stand_in = InboxStandIn("prosecution", {})  # does not know the adapter's key yet
    try:
        await write_escalations(engine, 2)
        async with (
            served(stand_in.app()) as base,
            running_adapter_relay(engine, f"{base}/inbox", signer),
        ):

            async def parked() -> bool:
                return bool((await outbox_status(engine, orm.plumbing)).parked)

            await eventually_true(parked, "the refused escalation parked")
            status = await outbox_status(engine, orm.plumbing)
            [refused, other] = sorted(status.parked, key=lambda row: row.id)
            assert refused.event_id == "esc-0" and refused.attempts == 1
            assert refused.last_error is not None and refused.last_error.startswith(
                "refused: HTTP 401"
            )
            assert other.event_id == "esc-1", "another case, refused for the same reason"

            stand_in.trusted_keys[signer.key_id] = signer.public_key()  # the cause fixed
            for row in status.parked:
                assert await release_parked(engine, orm.plumbing, row.id)

            async def delivered() -> bool:
                return len(stand_in.deliveries) == 2

            await eventually_true(delivered, "both escalations delivered after the release")
        assert (await outbox_status(engine, orm.plumbing)).backlog == 0
        assert stand_in.redeliveries == 0
    finally:
        await engine.dispose()
