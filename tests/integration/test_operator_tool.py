"""The operator's tool against the real secured broker and a real PostgreSQL.

Each command runs as the `operator` principal with the cluster profile (credentials from the
environment, nothing guessed from a state directory), the way it runs against production.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from click.testing import CliRunner, Result
from fixtures.bus import Bus
from konfliktrad_operator.cli import cli
from konfliktrad_operator.dead_letters import partitions_of
from sqlalchemy import inspect, text

from konfliktrad_shared.contracts.topics import REFERRAL_EVENTS, dead_letter_topic
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata
from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = pytest.mark.integration

DLQ = dead_letter_topic(REFERRAL_EVENTS)
# A type every consumer of the topic skips: the replayed record harms no later test.
HARMLESS_TYPE = "no.konfliktraadet.notification.notice_status_changed.v1"
PERSONAL = "Kari Nordmann, Storgata 1"


@pytest.fixture
def operator(bus: Bus, tmp_path: Path) -> Iterator[CliRunner]:
    env = bus.env("OPERATOR_", "operator") | {
        "OPERATOR_PROFILE": "cluster",
        "OPERATOR_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "COLUMNS": "400",
    }
    yield CliRunner(env=env)


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


async def _dead_letter(access: KafkaAccess, ce_id: str) -> tuple[int, int]:
    """A record as `TopicConsumer._dead_letter` writes it, put there as mediation (a
    consumer of the topic, which may write its dead letters)."""
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all")
    await producer.start()
    try:
        headers = {
            "ce_id": ce_id,
            "ce_type": HARMLESS_TYPE,
            "ce_source": "urn:konfliktrad:notification",
            "ce_specversion": "1.0",
            "ce_time": datetime.now(UTC).isoformat(),
            "dlq_reason": "handler_error",
            "dlq_error": "OperationalError",
            "dlq_consumer": "mediation",
            "dlq_original_topic": REFERRAL_EVENTS,
            "dlq_original_partition": "0",
            "dlq_original_offset": "0",
        }
        sent = await producer.send_and_wait(
            DLQ,
            json.dumps({"note": PERSONAL}).encode(),
            key=ce_id.encode(),
            headers=[(k, v.encode()) for k, v in headers.items()],
        )
        return sent.partition, sent.offset
    finally:
        await producer.stop()


async def _records_with_id(access: KafkaAccess, topic: str, ce_id: str) -> list[dict[str, str]]:
    consumer = AIOKafkaConsumer(**access.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await partitions_of(access, topic)
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        found = []
        for tp in partitions:
            consumer.seek(tp, max(ends[tp] - 200, 0))
            while await consumer.position(tp) < ends[tp]:
                for record in (await consumer.getmany(tp, timeout_ms=500)).get(tp, []):
                    headers = {k: v.decode() for k, v in record.headers}
                    if headers.get("ce_id") == ce_id:
                        found.append(headers | {"value": (record.value or b"").decode()})
        return found
    finally:
        await consumer.stop()


def test_dead_letters_are_listed_shown_without_payload_revealed_with_audit_and_replayed(
    operator: CliRunner, bus: Bus, tmp_path: Path
) -> None:
    ce_id = str(uuid.uuid4())
    partition, offset = asyncio.run(_dead_letter(bus.service("mediation"), ce_id))
    position = f"{partition}:{offset}"

    listed = _ok(operator.invoke(cli, ["dlq", "list", "--topic", DLQ]))
    assert "handler_error" in listed and position in listed, listed

    shown = _ok(operator.invoke(cli, ["dlq", "show", DLQ, "--offset", position]))
    assert ce_id in shown and "handler_error" in shown and "OperationalError" in shown
    assert "Kari" not in shown and "Storgata" not in shown
    assert not (tmp_path / "audit.jsonl").exists()

    revealed = _ok(
        operator.invoke(
            cli, ["dlq", "show", DLQ, "--offset", position, "--reveal", "--why", "ticket 42"]
        )
    )
    assert PERSONAL in revealed
    (entry,) = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert entry["action"] == "dlq.reveal" and entry["principal"] == "operator"
    assert (entry["topic"], entry["position"], entry["reason"]) == (DLQ, position, "ticket 42")

    for _ in range(2):
        replayed = _ok(operator.invoke(cli, ["dlq", "replay", DLQ, "--offset", position]))
        assert "replayed 1 dead letter(s)" in replayed
    copies = asyncio.run(_records_with_id(bus.operator, REFERRAL_EVENTS, ce_id))
    # Twice replayed, twice on the topic with the one ce_id the consumers' inboxes key on.
    assert len(copies) == 2
    for copy in copies:
        assert copy["ce_type"] == HARMLESS_TYPE and json.loads(copy["value"])["note"] == PERSONAL
        assert not any(name.startswith("dlq_") for name in copy)
        assert copy["operator_replayed_from"] == f"{DLQ}@{position}"


def test_a_referral_dead_letter_is_not_replayed_by_the_operator(operator: CliRunner) -> None:
    refused = operator.invoke(
        cli,
        ["dlq", "replay", "konfliktrad.referrals.v1.police-oslo.dlq", "--offset", "0:999999999"],
    )
    assert refused.exit_code != 0


OUTCOME_COLUMNS = {
    "attempts": "INTEGER NOT NULL DEFAULT 0",
    "last_error": "TEXT NULL",
    "next_attempt_at": "TIMESTAMPTZ NULL",
    "parked_at": "TIMESTAMPTZ NULL",
}


async def _outbox_with_a_parked_row(url: str) -> int:
    engine = create_engine(url)
    metadata = new_metadata()
    define_plumbing_tables(metadata)
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
        have = await connection.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns("outbox")}
        )
        for name, ddl in OUTCOME_COLUMNS.items():
            if name not in have:
                await connection.execute(text(f"ALTER TABLE outbox ADD COLUMN {name} {ddl}"))
        for n in range(5):
            await connection.execute(
                text(
                    "INSERT INTO outbox (event_id, topic, message_key, event_type, payload, "
                    "headers, created_at, published_at, attempts, last_error, parked_at) VALUES "
                    "(:e, 'referral.events.v1', :k, 'registered', '{}', '{}', :c, :p, :a, :l, :pk)"
                ),
                {
                    "e": str(uuid.uuid4()),
                    "k": f"case-{n % 2}",
                    "c": now - timedelta(minutes=10 - n),
                    "p": now if n < 2 else None,
                    "a": 5 if n == 2 else 0,
                    "l": "MessageSizeTooLargeError" if n == 2 else None,
                    "pk": now if n == 2 else None,
                },
            )
        parked_id: int = (
            await connection.execute(text("SELECT id FROM outbox WHERE parked_at IS NOT NULL"))
        ).scalar_one()
    await engine.dispose()
    return parked_id


async def _row(url: str, row_id: int) -> tuple[object, int]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT parked_at, attempts FROM outbox WHERE id = :id"), {"id": row_id}
            )
        ).one()
    await engine.dispose()
    return row.parked_at, row.attempts


def test_outbox_status_shows_backlog_oldest_age_and_parked_rows_and_retry_releases_one(
    operator: CliRunner, fresh_database: str
) -> None:
    parked = asyncio.run(_outbox_with_a_parked_row(fresh_database))
    url = ["--database-url", fresh_database]

    status = _ok(operator.invoke(cli, ["outbox", "status", "referral", *url]))
    # Rows 2, 3 and 4 are unsent; the oldest of them was written eight minutes ago.
    assert "backlog 3" in status and "parked 1" in status
    assert "oldest unsent 48" in status  # 480 s, give or take the run's own seconds
    assert "MessageSizeTooLargeError" in status and str(parked) in status

    assert operator.invoke(cli, ["outbox", "retry", "referral", str(parked - 1), *url]).exit_code
    _ok(operator.invoke(cli, ["outbox", "retry", "referral", str(parked), *url]))
    assert asyncio.run(_row(fresh_database, parked)) == (None, 0)
    assert "parked 0" in _ok(operator.invoke(cli, ["outbox", "status", "referral", *url]))
    assert operator.invoke(cli, ["outbox", "retry", "referral", str(parked), *url]).exit_code


async def _group_behind(access: KafkaAccess, group: str, behind: int) -> tuple[TopicPartition, int]:
    partition = TopicPartition(REFERRAL_EVENTS, 0)
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all")
    # The operator may write the topic (it replays there); a harmless type, as above.
    await producer.start()
    try:
        for _ in range(behind):
            await producer.send_and_wait(
                REFERRAL_EVENTS, b"{}", partition=0, headers=[("ce_type", HARMLESS_TYPE.encode())]
            )
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        **access.aiokafka_options(), group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        end = (await consumer.end_offsets([partition]))[partition]
        consumer.assign([partition])
        await consumer.commit({partition: end - behind})
    finally:
        await consumer.stop()
    return partition, end


def test_lag_shows_a_groups_committed_and_end_offsets_per_partition(
    operator: CliRunner, bus: Bus
) -> None:
    group = f"operator-lag-{uuid.uuid4().hex[:8]}"
    _partition, end = asyncio.run(_group_behind(bus.operator, group, behind=3))

    output = _ok(operator.invoke(cli, ["lag", "--group", group]))
    (line,) = [line for line in output.splitlines() if group in line]
    cells = [cell.strip() for cell in line.split("│") if cell.strip()]
    assert cells == [group, REFERRAL_EVENTS, "0", str(end - 3), str(end), "3"]

    everything = _ok(operator.invoke(cli, ["lag"]))
    assert group in everything
