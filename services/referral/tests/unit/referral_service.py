"""The referral service through its public interfaces, on SQLite, with no broker.

`Office.send` hands a message to the consumer the service reads its senders' referral topics
with, as the broker would (the real `TopicConsumer` → bus → domain → outbox), on the topic of
`SENDER`; what it publishes is read from the outbox, what it dead-letters from the broker
stand-in.
`Office.http` is the HTTP API with real tokens. One clock, frozen at `NOW`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from uuid import uuid4

import httpx
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from faststream.kafka import KafkaBroker
from referral_transfers import NOW
from sqlalchemy import select

from konfliktrad_shared.assembly import topic_consumer
from konfliktrad_shared.bus_rights import principal
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.messaging import TopicConsumer
from konfliktrad_shared.migrations import upgrade_to_head
from referral.adapters import orm
from referral.bootstrap import declare
from referral.config import ReferralSettings
from referral.main import MIGRATIONS, create_app

OFFENDER_ID = "14831051222"  # synthetic: born 2010-03-14
SENDER = "police-oslo"  # the bus principal whose own topic the referrals arrive on

# A lawful youth follow-up transferred by the prosecution; tests change what they are about.
TRANSFER: dict[str, Any] = {
    "sender": "Oslo statsadvokatembeter",
    "reaction": "youth_follow_up",
    "decision_basis": "strpl_71a",
    "office": "konfliktradet-oslo",
    "offence_date": "2026-09-01",
    "decided_on": "2026-10-15",
    "execution_months": 12,
    "offender": {
        "national_id": OFFENDER_ID,
        "name": "Synthetic Offender",
        "municipality": "0301",
        "consents": True,
        "acknowledges_guilt": True,
        "guardians": [{"name": "Synthetic G", "email": "g@example.no", "consents": True}],
    },
}
YOUTH_SENTENCE = {
    "reaction": "youth_sentence",
    "decision_basis": "strl_28c",
    "repeated_or_serious_crime": True,
    "offender": {**TRANSFER["offender"], "lives_in_norway": True},
}


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    reason: str
    error: str


class BrokerStandIn:
    """What the consumer asks of its broker: to publish dead letters (events go through the
    outbox, which nothing relays in these tests)."""

    def __init__(self) -> None:
        self.dead_letters: list[DeadLetter] = []

    async def publish(
        self, value: bytes, topic: str, *, key: Any = None, headers: dict[str, str]
    ) -> None:
        self.dead_letters.append(DeadLetter(topic, headers["dlq_reason"], headers["dlq_error"]))


class Office:
    def __init__(
        self, settings: ReferralSettings, broker: BrokerStandIn, consumer: TopicConsumer, app: Any
    ) -> None:
        self.settings, self.broker, self.consumer, self.app = settings, broker, consumer, app
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t")

    # -- the inbound topic ------------------------------------------------------------------

    async def send(self, **changes: Any) -> str:
        """A referral (`TRANSFER` with `changes`) delivered on the inbound topic; its reference."""
        reference = changes.pop("sender_reference", f"POL-{uuid4().hex[:8].upper()}")
        value = json.dumps({**TRANSFER, "sender_reference": reference, **changes}).encode()
        envelope = Envelope(
            id=str(uuid4()),
            type=agencies.CaseTransferred.event_type,
            source=principal(SENDER).source or "",
            time=NOW,
        )
        headers = [(name, text.encode()) for name, text in envelope.headers().items()]
        topic = topics.referrals_from(SENDER)
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topic, 0, 0, 0, 0, reference.encode(), value, None, 0, len(value), headers
        )
        await self.consumer.consume(record)
        return reference

    async def published(self, event_type: str) -> list[tuple[str, dict[str, Any]]]:
        """(topic, payload) of each event of `event_type` the service wrote to its outbox."""
        outbox = orm.plumbing.outbox
        query = select(outbox.c.topic, outbox.c.payload).where(outbox.c.event_type == event_type)
        async with self.app.state.runtime.engine.connect() as connection:
            rows = (await connection.execute(query.order_by(outbox.c.id))).all()
        return [(row.topic, json.loads(row.payload)) for row in rows]

    # -- HTTP -------------------------------------------------------------------------------

    def bearer(self, *roles: str, subject: str, office: str) -> dict[str, str]:
        pem = (self.settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()
        token = mint_token(
            pem,
            "dev",
            issuer=self.settings.auth_issuer,
            audience=self.settings.auth_audience,
            subject=subject,
            roles=roles,
            office=office,
        )
        return {"Authorization": f"Bearer {token}"}

    def case_officer(self, office: str = "konfliktradet-oslo") -> dict[str, str]:
        return self.bearer("case_officer", subject="saksbehandler-1", office=office)

    def leader(self, office: str = "konfliktradet-oslo") -> dict[str, str]:
        return self.bearer("office_leader", "case_officer", subject="leder-1", office=office)

    async def case(self, reference: str, office: str = "konfliktradet-oslo") -> dict[str, Any]:
        found = await self.http.get(
            "/cases", params={"sender_reference": reference}, headers=self.case_officer(office)
        )
        (case,) = found.json()
        return dict(case)


@asynccontextmanager
async def referral_office(
    tmp_path: Path, clock: FrozenClock | None = None
) -> AsyncIterator[Office]:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = ReferralSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'referral.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
        contact_keys=f"c:{generate_key()}",
        accept_synthetic_national_ids=True,
        kafka_security_protocol="PLAINTEXT",  # no broker is reached: nothing to prove to one
    )
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    broker = BrokerStandIn()
    app = create_app(settings, clock=clock or FrozenClock(NOW))
    # The app's own consumer sits on its never-connected broker; the same consumer on the
    # stand-in, with the app's keys and database, takes the messages and keeps dead letters.
    runtime = app.state.runtime
    declared = declare(settings, FrozenClock(NOW))
    consumer = topic_consumer(
        cast(KafkaBroker, broker), app.state.bus, "referral", declared.consumed[0]
    )
    office = Office(settings, broker, consumer, app)
    try:
        yield office
    finally:
        await office.http.aclose()
        await runtime.engine.dispose()
