"""Reliability scenario 4: `kill -9` the outbox relay between the broker's acknowledgement and
marking the row sent. Nothing is lost; the republished copy carries the same `ce_id` and the
consumer's inbox absorbs it, so the agency is told once.

Everything is real: youth_plan's schema on PostgreSQL and its handlers write the escalation;
the relay that dies is its own OS process (relay_crash_child.py); the prosecution adapter
consumes from the broker and delivers over HTTP to a stand-in of the prosecution's inbox.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import pytest_asyncio
from asgi_lifespan import LifespanManager
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    Offsets,
    committed_offsets,
    end_offsets,
    eventually_true,
    field_key_settings,
    free_port,
    headers_of,
    records_since,
    start_group_at,
)
from sqlalchemy import select

import youth_plan.main
from devtools.standins import running_standins
from devtools.standins_credentials import adapter_settings
from konfliktrad_shared.assembly import Assembly, build
from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import youth_plan as contract
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.runtime import Runtime
from notification.adapters import orm as notification_orm
from notification.config import ProsecutionAdapterSettings
from notification.main import create_agency_adapter
from youth_plan.adapters import orm
from youth_plan.bootstrap import declare
from youth_plan.config import YouthPlanSettings
from youth_plan.domain.commands import (
    ApproveYouthPlan,
    HoldBreachConversation,
    HoldConferenceMeeting,
    OpenYouthCase,
    RecordBreach,
    RepeatedBreachDecision,
    ScheduleConference,
    SummonToBreachConversation,
)
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    Participant,
    RepeatedBreachAction,
    YouthReaction,
)

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.timeout(180)]

CHILD = Path(__file__).with_name("relay_crash_child.py")
OFFICE = "konfliktradet-oslo"
ESCALATED = contract.BreachEscalated.event_type


@pytest_asyncio.fixture
async def youth_plan_assembly(
    bus: Bus, database_factory: DatabaseFactory
) -> AsyncIterator[Assembly]:
    """youth_plan as its declaration builds it, on its own fresh schema; its relay and its
    consumers not running (the broker connected for publishing only)."""
    url = database_factory("youth_plan_relay_crash")
    await asyncio.to_thread(upgrade_to_head, Path(youth_plan.main.MIGRATIONS), url)
    settings = YouthPlanSettings(database_url=url, **bus.service_settings("youth_plan"))
    assembly = build(declare(settings, SystemClock()))
    runtime = assembly.runtime
    await runtime.broker.connect()
    try:
        yield assembly
    finally:
        await runtime.broker.stop()
        await runtime.engine.dispose()
        runtime.telemetry.shutdown()


async def outbox_rows(runtime: Runtime, case_id: str) -> list[dict[str, object]]:
    outbox = orm.plumbing.outbox
    async with runtime.engine.connect() as connection:
        rows = await connection.execute(
            select(outbox.c.event_id, outbox.c.topic, outbox.c.event_type, outbox.c.published_at)
            .where(outbox.c.message_key == case_id)
            .order_by(outbox.c.id)
        )
        return [dict(row._mapping) for row in rows]


async def test_relay_killed_after_the_ack_republishes_and_the_agency_is_told_once(
    bus: Bus,
    database_factory: DatabaseFactory,
    youth_plan_assembly: Assembly,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="konfliktrad_shared")  # one by one or in a batch
    runtime = youth_plan_assembly.runtime
    commands = youth_plan_assembly.bus
    case_id = f"case-{uuid4()}"
    today = date.today()

    # The case up to the breach conversation, through youth_plan's real handlers; its events
    # are relayed normally, so only the escalation is left for the relay that will die.
    await commands.handle(
        OpenYouthCase(case_id, f"POL-{uuid4().hex[:8]}", OFFICE, YouthReaction.YOUTH_FOLLOW_UP, 6)
    )
    now = datetime.now(UTC)
    await commands.handle(ScheduleConference(case_id, now))
    attendees = frozenset({Participant.OFFENDER, Participant.GUARDIANS})
    await commands.handle(HoldConferenceMeeting(case_id, today, attendees))
    await commands.handle(ApproveYouthPlan(case_id, True, True, True))
    await commands.handle(RecordBreach(case_id, today, BreachedObligation.YOUTH_PLAN))
    await commands.handle(SummonToBreachConversation(case_id, now))
    await commands.handle(HoldBreachConversation(case_id, today))
    while await runtime.relay.publish_pending():
        pass
    before_crash = await end_offsets(bus.operator, [topics.PROSECUTION, topics.YOUTH_PLAN_EVENTS])

    # The breach after the conversation, with the coordinator's transfer decision: §33 third
    # para sends the case to the prosecution. One transaction writes BreachRecorded, then
    # BreachEscalated for the prosecution's topic and for youth_plan's own topic.
    transfer = RepeatedBreachDecision(RepeatedBreachAction.TRANSFER)
    await commands.handle(
        RecordBreach(case_id, today, BreachedObligation.YOUTH_PLAN, True, transfer)
    )
    pending = [row for row in await outbox_rows(runtime, case_id) if row["published_at"] is None]
    assert [(row["event_type"], row["topic"]) for row in pending] == [
        (contract.BreachRecorded.event_type, topics.YOUTH_PLAN_EVENTS),
        (ESCALATED, topics.PROSECUTION),
        (ESCALATED, topics.YOUTH_PLAN_EVENTS),
    ]
    breach_recorded, escalation, escalation_for_notification = pending
    escalation_id = escalation["event_id"]

    # The relay process: takes the case's three rows in one batch and publishes them in waves
    # (BreachRecorded, then the escalation once BreachRecorded was acknowledged, …); it is
    # killed once the escalation was acknowledged, before the batch is marked sent.
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(CHILD),
        runtime.settings.database_url,
        ESCALATED,
        env={**os.environ, **bus.env("YOUTH_PLAN_", bus.service("youth_plan").username)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(child.communicate(), timeout=60)
    assert child.returncode == -signal.SIGKILL, stderr.decode(errors="replace")[-3000:]
    assert json.loads(stdout.decode().strip().splitlines()[-1]) == [escalation_id]

    after_crash = {row["event_id"]: row for row in await outbox_rows(runtime, case_id)}
    # Acknowledged in the same batch, so not marked sent either: it goes again too.
    assert after_crash[breach_recorded["event_id"]]["published_at"] is None
    assert after_crash[escalation_id]["published_at"] is None, "acknowledged, never marked sent"
    assert after_crash[escalation_for_notification["event_id"]]["published_at"] is None
    on_topic = await _escalations_on_prosecution_topic(bus, before_crash, case_id)
    assert [headers_of(record)["ce_id"] for record in on_topic] == [escalation_id]

    # A healthy relay finds the rows still pending and publishes them again. The killed
    # child's transaction (holding the rows FOR UPDATE) ends when PostgreSQL notices the
    # closed socket; until then SKIP LOCKED passes them over.
    async def relayed_everything() -> bool:
        await runtime.relay.publish_pending()
        return all(row["published_at"] is not None for row in await outbox_rows(runtime, case_id))

    await eventually_true(relayed_everything, "the restarted relay to mark every row sent")
    on_topic = await _escalations_on_prosecution_topic(bus, before_crash, case_id)
    assert [headers_of(record)["ce_id"] for record in on_topic] == [escalation_id, escalation_id]
    assert on_topic[0].value == on_topic[1].value
    first_copy, second_copy = on_topic

    # Downstream: the prosecution adapter reads both copies and forwards the escalation once.
    adapter_group = f"prosecution_adapter-relay-crash-{uuid4().hex[:8]}"
    prosecution_partitions = {
        tp: offset for tp, offset in before_crash.items() if tp.topic == topics.PROSECUTION
    }
    await start_group_at(bus.service("prosecution_adapter"), adapter_group, prosecution_partitions)
    inbox_port = free_port()
    # HTTPS to the stand-in inbox, with the adapter's client certificate and signing key.
    agency: dict[str, Any] = dict(adapter_settings("prosecution_adapter", inbox_port))
    settings = ProsecutionAdapterSettings(
        database_url=database_factory("prosecution_adapter_relay_crash"),
        **bus.service_settings("prosecution_adapter"),
        consumer_group=adapter_group,
        auth_jwks_file=ensure_dev_keypair(tmp_path / "keys").jwks,
        outbox_poll_seconds=0.2,
        **agency,
        **field_key_settings(),
    )
    async with running_standins(
        smtp_port=free_port(), prosecution_port=inbox_port, correctional_port=free_port()
    ) as standins:
        adapter = create_agency_adapter(settings)
        async with LifespanManager(adapter, startup_timeout=60, shutdown_timeout=30):
            inbox = standins.prosecution

            def duplicate_skipped() -> bool:
                return any(
                    record.getMessage().startswith(f"duplicate {escalation_id} skipped")
                    for record in caplog.records
                )

            async def delivered_and_duplicate_absorbed() -> bool:
                delivered = any(d.event_id == escalation_id for d in inbox.deliveries)
                return delivered and duplicate_skipped()

            await eventually_true(
                delivered_and_duplicate_absorbed,
                "the escalation at the prosecution's inbox and its copy absorbed",
                timeout=60,
            )

            async def second_copy_acknowledged() -> bool:
                committed = await committed_offsets(bus.operator, adapter_group)
                tp = next(
                    tp
                    for tp in committed
                    if tp.partition == second_copy.partition and tp.topic == topics.PROSECUTION
                )
                return committed[tp] > second_copy.offset

            await eventually_true(second_copy_acknowledged, "the adapter to commit past the copy")

            deliveries = [d for d in inbox.deliveries if d.event_id == escalation_id]
            assert inbox.times_received(escalation_id) == len(deliveries) == 1
            assert deliveries[0].event_type == ESCALATED
            assert deliveries[0].subject == case_id
            assert deliveries[0].body["case_id"] == case_id
            assert deliveries[0].body["route"] == contract.EscalationRoute.PROSECUTION
            assert inbox.redeliveries == 0, "the adapter must not have POSTed the copy"

            adapter_runtime: Runtime = adapter.state.runtime
            async with adapter_runtime.engine.connect() as connection:
                inbox_rows = (
                    (
                        await connection.execute(
                            select(notification_orm.plumbing.inbox.c.consumer).where(
                                notification_orm.plumbing.inbox.c.event_id == escalation_id
                            )
                        )
                    )
                    .scalars()
                    .all()
                )
                outbox = notification_orm.plumbing.outbox
                agency_rows = (
                    await connection.execute(
                        select(outbox.c.payload, outbox.c.published_at).where(
                            outbox.c.topic == "agency:prosecution"
                        )
                    )
                ).all()
    assert inbox_rows == ["prosecution_adapter"]
    forwarded = [row for row in agency_rows if json.loads(row.payload)["event_id"] == escalation_id]
    assert len(forwarded) == 1 and forwarded[0].published_at is not None
    assert first_copy.offset < second_copy.offset


async def _escalations_on_prosecution_topic(bus: Bus, since: Offsets, case_id: str) -> list[Any]:
    prosecution = {tp: offset for tp, offset in since.items() if tp.topic == topics.PROSECUTION}
    records = await records_since(bus.operator, prosecution)
    return sorted(
        (
            record
            for record in records
            if headers_of(record).get("ce_subject") == case_id
            and headers_of(record).get("ce_type") == ESCALATED
        ),
        key=lambda record: record.offset,
    )
