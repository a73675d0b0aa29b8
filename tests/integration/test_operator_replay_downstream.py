"""A dead letter replayed by the operator's tool is processed downstream exactly once, even
when it is replayed twice: the real youth_plan app, on PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from asgi_lifespan import LifespanManager
from click.testing import CliRunner
from dead_letter_messages import referral_registered
from fixtures.bus import Bus
from fixtures.postgres import DatabaseFactory
from fixtures.topic_probe import (
    cloud_event_headers,
    committed_offsets,
    end_offsets,
    eventually_true,
    field_key_settings,
    start_group_at,
)
from konfliktrad_operator.cli import cli
from sqlalchemy import text

from konfliktrad_shared.contracts import agencies
from konfliktrad_shared.contracts.topics import REFERRAL_EVENTS, dead_letter_topic
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.runtime import Runtime
from youth_plan.config import YouthPlanSettings
from youth_plan.main import create_app

pytestmark = pytest.mark.integration

DLQ = dead_letter_topic(REFERRAL_EVENTS)


async def test_a_replayed_dead_letter_is_handled_once_however_often_it_is_replayed(
    bus: Bus, database_factory: DatabaseFactory, tmp_path: Path
) -> None:
    group = f"youth_plan-replay-{uuid4().hex[:8]}"
    await start_group_at(
        bus.service("youth_plan"), group, await end_offsets(bus.operator, [REFERRAL_EVENTS])
    )
    case_id = f"case-{uuid4()}"
    event = referral_registered(case_id, agencies.Reaction.YOUTH_FOLLOW_UP)
    headers = cloud_event_headers(event.event_type, event.subject()) | {
        # As youth_plan's consumer leaves a message its handler failed on.
        "dlq_reason": "handler_error",
        "dlq_error": "OperationalError",
        "dlq_consumer": "youth_plan",
        "dlq_original_topic": REFERRAL_EVENTS,
    }
    producer = AIOKafkaProducer(**bus.service("youth_plan").aiokafka_options(), acks="all")
    await producer.start()
    try:
        placed = await producer.send_and_wait(
            DLQ,
            event.model_dump_json().encode(),
            key=case_id.encode(),
            headers=[(name, value.encode()) for name, value in headers.items()],
        )
    finally:
        await producer.stop()

    app = create_app(
        YouthPlanSettings(
            database_url=database_factory("replay_youth_plan"),
            **bus.service_settings("youth_plan"),
            consumer_group=group,
            auth_jwks_file=ensure_dev_keypair(tmp_path / "keys").jwks,
            outbox_poll_seconds=0.2,
            **field_key_settings(),
        )
    )
    operator = CliRunner(
        env=bus.env("OPERATOR_", "operator") | {"OPERATOR_PROFILE": "cluster", "COLUMNS": "300"}
    )
    position = f"{placed.partition}:{placed.offset}"
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        runtime: Runtime = app.state.runtime

        async def rows(sql: str) -> int:
            async with runtime.engine.connect() as connection:
                found = await connection.execute(text(sql), {"c": case_id, "e": headers["ce_id"]})
                return len(found.all())

        before = await end_offsets(bus.operator, [REFERRAL_EVENTS])
        for _ in range(2):
            replayed = await asyncio.to_thread(
                operator.invoke, cli, ["dlq", "replay", DLQ, "--offset", position]
            )
            assert replayed.exit_code == 0, replayed.output
        ends = await end_offsets(bus.operator, [REFERRAL_EVENTS])

        async def past_both_copies() -> bool:
            committed = await committed_offsets(bus.operator, group)
            moved = {tp: end for tp, end in ends.items() if end > before[tp]}
            return bool(moved) and all(committed.get(tp, -1) >= end for tp, end in moved.items())

        await eventually_true(past_both_copies, "youth_plan to consume both replayed copies", 60)
        assert await rows("select 1 from youth_cases where case_id = :c") == 1
        assert await rows("select 1 from inbox where event_id = :e") == 1
