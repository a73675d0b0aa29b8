"""youth_plan's bus, consumer and deadline ticker on a migrated SQLite file, no broker: a
registration is fed to the consumer as a Kafka record would be, and the outbox is read back."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest_asyncio
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from sqlalchemy import select

from konfliktrad_shared.assembly import build
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.migrations import upgrade_to_head
from youth_plan.adapters import orm
from youth_plan.bootstrap import MIGRATIONS, declare
from youth_plan.config import YouthPlanSettings

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
PARTIES = [
    PartyRef(party_id="offender", role=PartyRole.OFFENDER, is_minor=True, sealed_contact="x"),
    PartyRef(party_id="guardian-offender-1", role=PartyRole.GUARDIAN, guardian_of="offender"),
]


class Harness:
    def __init__(self, settings: YouthPlanSettings) -> None:
        self.clock = FrozenClock(NOW)
        assembly = build(declare(settings, self.clock))
        self.runtime, self.bus, self.ticker = assembly.runtime, assembly.bus, assembly.ticker
        self.consumer = assembly.consumers[topics.REFERRAL_EVENTS]

    async def deliver(self, event: IntegrationEvent, ce_id: str | None = None) -> None:
        envelope = Envelope(
            id=ce_id or str(uuid4()), type=event.event_type, source="urn:test", time=NOW
        )
        headers = [(name, value.encode()) for name, value in envelope.headers().items()]
        value = event.model_dump_json().encode()
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topics.REFERRAL_EVENTS,
            0,
            0,
            0,
            0,
            event.subject().encode(),
            value,
            None,
            0,
            len(value),
            headers,
        )
        await self.consumer.consume(record)

    async def cases(self) -> list[tuple[str, Any]]:
        table = orm.youth_cases
        async with self.runtime.engine.connect() as connection:
            rows = await connection.execute(select(table.c.case_id, table.c.reaction))
            return [(row.case_id, row.reaction) for row in rows]

    async def outbox(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """(topic, key, event type, payload) in the order written."""
        outbox = orm.plumbing.outbox
        query = select(outbox.c.topic, outbox.c.message_key, outbox.c.event_type, outbox.c.payload)
        async with self.runtime.engine.connect() as connection:
            rows = (await connection.execute(query.order_by(outbox.c.id))).all()
        return [(r.topic, r.message_key, r.event_type, json.loads(r.payload)) for r in rows]


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    settings = YouthPlanSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}")
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    harness = Harness(settings)
    yield harness
    await harness.runtime.engine.dispose()


def registered(
    reaction: Reaction,
    case_id: str = "c-1",
    basis: DecisionBasis = DecisionBasis.TRANSFER,
    minor: bool = False,
) -> referral.ReferralRegistered:
    return referral.ReferralRegistered(
        case_id=case_id,
        sender_reference="ref-1",
        office="oslo",
        reaction=reaction,
        decision_basis=basis,
        offence_date=date(2026, 1, 10),
        execution_months=6,
        offender_is_minor=minor,
        registered_at=NOW,
        parties=PARTIES,
    )
