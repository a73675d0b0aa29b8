"""The prosecution adapter as a process of its own, for the reliability tests that kill it,
scale it or pull its database away (consumer_kill_child.py is the process): starting and
stopping it, the environment it is given, a backlog of events for it, and what it committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from aiokafka import TopicPartition
from fixtures.bus import Bus
from fixtures.topic_probe import (
    Producer,
    cloud_event_headers,
    committed_offsets,
    field_key_settings,
    free_port,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from devtools import standins_credentials
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.db import create_engine
from konfliktrad_shared.devkeys import ensure_dev_keypair
from notification.adapters import orm

Positions = dict[str, tuple[int, int]]  # ce_id -> (partition, offset)


def adapter_group(label: str) -> str:
    """A fresh group of the adapter's: within the prefix its principal may use."""
    return f"{CONSUMER}-{label}-{uuid4().hex[:10]}"


def adapter_env(
    bus: Bus,
    database_url: str,
    group: str,
    inbox_port: int,
    keys_dir: Path,
    *,
    batch_max_records: int | None = None,
) -> dict[str, str]:
    """The adapter's settings, as production gives them: its own database, group and
    principal (its password file and the CA). `batch_max_records`: smaller batches than
    production's, for a test whose backlog must outlast what it does to the adapter."""
    keys = field_key_settings()
    env = {
        **os.environ,
        **bus.env("PROSECUTION_ADAPTER_", bus.service(CONSUMER).username),
        "PROSECUTION_ADAPTER_DATABASE_URL": database_url,
        "PROSECUTION_ADAPTER_CONSUMER_GROUP": group,
        "PROSECUTION_ADAPTER_HTTP_PORT": str(free_port()),
        # HTTPS with its client certificate and signing key, as production configures it.
        **standins_credentials.adapter_env(CONSUMER, inbox_port),
        "PROSECUTION_ADAPTER_AUTH_JWKS_FILE": str(ensure_dev_keypair(keys_dir).jwks),
        "PROSECUTION_ADAPTER_FIELD_KEYS": keys["field_keys"],
        "PROSECUTION_ADAPTER_BLIND_INDEX_KEY": keys["blind_index_key"],
        "PROSECUTION_ADAPTER_OUTBOX_POLL_SECONDS": "0.2",
        # A killed adapter's leased deliveries come back after 15 s, not production's two
        # minutes; the lease stays well above a delivery's longest wait, so a live adapter's
        # slow POST is never leased to another.
        "PROSECUTION_ADAPTER_OUTBOX_LEASE_SECONDS": "15",
        "PROSECUTION_ADAPTER_AGENCY_TIMEOUT_SECONDS": "4",
    }
    if batch_max_records is not None:
        env["PROSECUTION_ADAPTER_CONSUMER_BATCH_MAX_RECORDS"] = str(batch_max_records)
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    return env


async def rejections_backlog(bus: Bus, events: int, label: str) -> Positions:
    """`events` rejected referrals on the prosecution topic, one per case, as referral
    puts them there."""
    run = uuid4().hex[:8]
    positions: Positions = {}
    async with Producer(bus.service("referral")) as producer:
        for index in range(events):
            event = referral.ReferralRejected(
                sender_reference=f"{label}-{run}-{index}",
                office="konfliktradet-oslo",
                legal_basis="konfliktrådsloven §11 first para",
                reason="the offender has not consented",
                rejected_at=datetime.now(UTC),
            )
            headers = cloud_event_headers(
                event.event_type, event.subject(), source="urn:konfliktrad:referral"
            )
            sent = await producer.send(
                topics.PROSECUTION, event.model_dump_json().encode(), key=event.subject(),
                headers=headers,
            )  # fmt: skip
            positions[headers["ce_id"]] = (sent.partition, sent.offset)
    return positions


CHILD = Path(__file__).with_name("consumer_kill_child.py")
CONSUMER = "prosecution_adapter"
AGENCY_ROWS = "agency:prosecution"


class Adapter:
    """Starts the adapter process, kills it, and reads what it committed."""

    def __init__(self, env: dict[str, str], log_file: Path) -> None:
        self._env = env
        self._log_file = log_file
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, die_after_commits: int | None = None) -> None:
        assert self.process is None or self.process.returncode is not None
        arguments = [str(die_after_commits)] if die_after_commits is not None else []
        with self._log_file.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, str(CHILD), *arguments, env=self._env, stdout=log, stderr=log
            )

    async def kill(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        await asyncio.wait_for(self.process.wait(), timeout=30)

    def kill_after_next_commit(self) -> None:
        """SIGUSR1: the process SIGKILLs itself right after its next handler's database
        commit, before the offset commit (consumer_kill_child.py)."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGUSR1)

    async def exited(self, timeout: float) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout=timeout)

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=20)
        except TimeoutError:
            await self.kill()

    def log_tail(self) -> str:
        return self._log_file.read_text(errors="replace")[-4000:]


async def handled(engine: AsyncEngine, ours: set[str]) -> set[str]:
    """Our events whose handler transaction committed (they have an inbox row)."""
    inbox = orm.plumbing.inbox
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(inbox.c.event_id).where(inbox.c.consumer == CONSUMER)
        )
        return {event_id for (event_id,) in rows} & ours


async def queued_deliveries(engine: AsyncEngine, ours: set[str]) -> dict[str, int]:
    """Per event of ours, how many deliveries to the prosecution were queued."""
    outbox = orm.plumbing.outbox
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(outbox.c.payload).where(outbox.c.topic == AGENCY_ROWS)
        )
        counts: dict[str, int] = {}
        for (payload,) in rows:
            event_id = json.loads(payload)["event_id"]
            if event_id in ours:
                counts[event_id] = counts.get(event_id, 0) + 1
        return counts


async def committed_past(bus: Bus, group: str, positions: dict[str, tuple[int, int]]) -> set[str]:
    """Our events the group's committed offsets are past (it will not be given them again),
    as the operator sees them."""
    committed = await committed_offsets(bus.operator, group)
    return {
        event_id
        for event_id, (partition, offset) in positions.items()
        if offset < committed.get(TopicPartition(topics.PROSECUTION, partition), -1)
    }


@contextlib.asynccontextmanager
async def adapter_database(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()
