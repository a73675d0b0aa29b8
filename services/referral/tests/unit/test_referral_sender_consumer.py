"""Referrals through the real consumer, inbox and SQLite, no broker started: the topic a
message arrives on proves its sender, a claimed `ce_source` that is not that sender's is
dead-lettered, and another sender's correction or withdrawal is refused into its own
dead-letter topic with the case unchanged."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast
from uuid import uuid4

import pytest
import pytest_asyncio
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from faststream.kafka import KafkaBroker
from referral_transfers import NOW
from sqlalchemy import select

from konfliktrad_shared.assembly import build, topic_consumer
from konfliktrad_shared.bus_rights import principal
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.messaging import TopicConsumer
from konfliktrad_shared.migrations import upgrade_to_head
from referral.adapters import orm
from referral.bootstrap import declare
from referral.config import ReferralSettings
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CaseStatus
from referral.entrypoints import consumers
from referral.main import MIGRATIONS
from referral.views import CaseViews

OSLO, BERGEN = topics.referrals_from("police-oslo"), topics.referrals_from("police-bergen")
WITHDRAWN = "no.konfliktraadet.referral.withdrawn.v1"


@dataclass
class DeadLetters:
    """Stands in for the broker: what the consumer dead-letters, by topic."""

    published: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)

    async def publish(self, value: bytes, topic: str, **kwargs: Any) -> None:
        self.published.append((topic, dict(kwargs["headers"]), value))

    def reasons(self) -> list[tuple[str, str]]:
        return [(topic, headers["dlq_reason"]) for topic, headers, _ in self.published]


class Harness:
    def __init__(self, settings: ReferralSettings) -> None:
        declared = declare(settings, FrozenClock(NOW))
        assembly = build(declared)
        self.runtime = assembly.runtime
        cipher, indexer = field_crypto(settings)
        self.dead = DeadLetters()
        self.consumer: TopicConsumer = topic_consumer(
            cast(KafkaBroker, self.dead), assembly.bus, "referral", declared.consumed[0]
        )
        self.views = CaseViews(self.runtime.sessions, cipher, indexer)
        self.offset = 0

    async def deliver(
        self, sender: str, event: IntegrationEvent, *, source: str | None = None
    ) -> None:
        envelope = Envelope(
            id=str(uuid4()),
            type=event.event_type,
            source=source or principal(sender).source or "",
            time=NOW,
            subject=event.subject(),
        )
        headers = [(name, value.encode()) for name, value in envelope.headers().items()]
        value = event.model_dump_json().encode()
        self.offset += 1
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topics.referrals_from(sender), 0, self.offset, 0, 0,
            event.subject().encode(), value, None, 0, len(value), headers,
        )  # fmt: skip
        await self.consumer.consume(record)

    async def case(self, reference: str) -> ReferralCase:
        async with self.runtime.sessions() as session:
            row = (
                await session.execute(
                    select(orm.cases.c.case_id).where(orm.cases.c.sender_reference == reference)
                )
            ).scalar_one()
        found = await self.views.case(row)
        assert found is not None
        return found

    async def outbox_types(self) -> list[str]:
        outbox = orm.plumbing.outbox
        async with self.runtime.engine.connect() as connection:
            return list((await connection.execute(select(outbox.c.event_type))).scalars())


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    settings = ReferralSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.sqlite3'}",
        accept_synthetic_national_ids=True,
        kafka_security_protocol="PLAINTEXT",  # no broker is reached: nothing to prove to one
        field_keys=f"k1:{generate_key()}",
        blind_index_key=generate_key(),
        contact_keys=f"c1:{generate_key()}",
    )
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    harness = Harness(settings)
    yield harness
    await harness.runtime.engine.dispose()


def referral(reference: str = "OSL-1", **changes: Any) -> agencies.CaseTransferred:
    """A lawful transfer to mediation (strpl §71a first para) of a synthetic offender."""
    return agencies.CaseTransferred.model_validate(
        {
            "sender_reference": reference,
            "sender": "Oslo politidistrikt",
            "reaction": "mediation",
            "decision_basis": "strpl_71a",
            "office": "konfliktradet-oslo",
            "offence_date": "2026-09-01",
            "decided_on": "2026-10-15",
            "offender": {
                "national_id": "14831051222",  # synthetic: born 2010-03-14
                "name": "Synthetic Offender",
                "municipality": "0301",
                "consents": True,
                "acknowledges_guilt": True,
                "guardians": [{"name": "Synthetic G", "email": "g@example.no", "consents": True}],
            },
            **changes,
        }
    )


def withdrawal(reference: str = "OSL-1") -> agencies.CaseWithdrawn:
    return agencies.CaseWithdrawn(
        sender_reference=reference, withdrawn_on=NOW.date(), reason="Synthetic Person complained"
    )


def test_the_consumer_reads_every_sender_topic_and_no_dead_letter_topic(
    harness: Harness,
) -> None:
    # aiokafka subscribes to each visible topic the pattern `re.match`es (a prefix match).
    assert harness.consumer.pattern is not None
    pattern = re.compile(harness.consumer.pattern)
    assert all(pattern.match(topic) for topic in consumers.REFERRAL_TOPICS)
    assert not pattern.match(topics.dead_letter_topic(OSLO))
    assert not pattern.match(topics.REFERRAL_EVENTS)


@pytest.mark.asyncio
async def test_a_referral_carries_its_proven_sender_into_the_case(harness: Harness) -> None:
    await harness.deliver("police-oslo", referral())

    case = await harness.case("OSL-1")
    assert case.sender_principal == "police-oslo" and case.status is CaseStatus.REGISTERED
    assert harness.dead.published == []


@pytest.mark.asyncio
async def test_a_forged_ce_source_is_dead_lettered_and_the_next_record_is_processed(
    harness: Harness,
) -> None:
    oslo_source = principal("police-oslo").source
    await harness.deliver("police-bergen", referral("VEST-1"), source=oslo_source)
    await harness.deliver("police-bergen", referral("VEST-2"))

    assert harness.dead.reasons() == [(topics.dead_letter_topic(BERGEN), "sender_mismatch")]
    [(_, headers, value)] = harness.dead.published
    assert "Synthetic" not in headers["dlq_error"]  # the detail carries no personal data
    assert json.loads(value)["sender_reference"] == "VEST-1"  # the original bytes, for the sender
    assert (await harness.case("VEST-2")).sender_principal == "police-bergen"


@pytest.mark.asyncio
async def test_another_senders_correction_is_refused_into_its_own_dead_letters(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.deliver("police-oslo", referral())
    before = await harness.case("OSL-1")

    with caplog.at_level("WARNING"):
        await harness.deliver("police-bergen", referral(office="konfliktradet-finnmark"))

    assert harness.dead.reasons() == [(topics.dead_letter_topic(BERGEN), "not_case_sender")]
    [(_, headers, _)] = harness.dead.published
    assert before.case_id not in headers["dlq_error"] and "police-oslo" not in headers["dlq_error"]
    after = await harness.case("OSL-1")
    assert after == before and after.office == before.office
    assert f"case {before.case_id} was sent by police-oslo" in caplog.text  # for operators
    assert "Synthetic" not in caplog.text


@pytest.mark.asyncio
async def test_another_senders_withdrawal_is_refused_and_the_case_stays_open(
    harness: Harness,
) -> None:
    await harness.deliver("police-oslo", referral())
    await harness.deliver("police-bergen", withdrawal())

    assert harness.dead.reasons() == [(topics.dead_letter_topic(BERGEN), "not_case_sender")]
    assert (await harness.case("OSL-1")).status is CaseStatus.REGISTERED
    assert WITHDRAWN not in await harness.outbox_types()


@pytest.mark.asyncio
async def test_the_senders_withdrawal_closes_the_case_and_publishes_it(harness: Harness) -> None:
    await harness.deliver("police-oslo", referral())
    await harness.deliver("police-oslo", withdrawal())

    case = await harness.case("OSL-1")
    assert case.status is CaseStatus.WITHDRAWN and case.withdrawn_on == date(2026, 11, 20)
    assert (await harness.outbox_types()).count(WITHDRAWN) == 1
    async with harness.runtime.engine.connect() as connection:
        stored = json.dumps(
            [dict(row) for row in (await connection.execute(select(orm.audit_entries))).mappings()],
            default=str,
        )
    assert "Synthetic Person complained" not in stored  # the reason is sealed at rest
    trail = await harness.views.audit_trail(case.case_id)
    assert trail[-1].action == "withdrawn" and "Synthetic Person complained" in trail[-1].detail


@pytest.mark.asyncio
async def test_a_withdrawal_of_a_reference_no_case_has_is_dead_lettered(harness: Harness) -> None:
    await harness.deliver("police-oslo", withdrawal("OSL-404"))
    assert harness.dead.reasons() == [(topics.dead_letter_topic(OSLO), "unknown_case")]


@pytest.mark.asyncio
async def test_one_sender_cannot_make_anothers_message_look_delivered_already(
    harness: Harness,
) -> None:
    # The inbox keys a message by its proven sender and ce_id: CloudEvents makes source + id
    # unique, so the same ce_id from two senders is two messages.
    same_id = "ce-shared"
    for sender, reference in (("police-bergen", "VEST-9"), ("police-oslo", "OSL-9")):
        event = referral(reference)
        envelope = Envelope(
            id=same_id, type=event.event_type, source=principal(sender).source or "", time=NOW
        )
        value = event.model_dump_json().encode()
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topics.referrals_from(sender), 0, 0, 0, 0, reference.encode(), value, None, 0,
            len(value), [(k, v.encode()) for k, v in envelope.headers().items()],
        )  # fmt: skip
        await harness.consumer.consume(record)

    assert (await harness.case("OSL-9")).sender_principal == "police-oslo"
    assert (await harness.case("VEST-9")).sender_principal == "police-bergen"
