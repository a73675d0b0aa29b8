"""Kafka messages through the real consumers, inbox and SQLite; no broker is started."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import pytest_asyncio
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from sqlalchemy import func, select

from konfliktrad_shared.assembly import build
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import referral, topics, vetting
from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.mediation import MediatorAvailable
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.messaging import TopicConsumer
from konfliktrad_shared.migrations import upgrade_to_head
from mediation.adapters import orm
from mediation.bootstrap import declare
from mediation.config import MediationSettings
from mediation.entrypoints import consumers
from mediation.main import MIGRATIONS

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Harness:
    def __init__(self, settings: MediationSettings) -> None:
        assembly = build(declare(settings, FrozenClock(NOW)))
        self.runtime = assembly.runtime
        self.consumers: dict[str, TopicConsumer] = assembly.consumers

    async def deliver(self, topic: str, event: IntegrationEvent, ce_id: str | None = None) -> None:
        envelope = Envelope(
            id=ce_id or str(uuid4()), type=event.event_type, source="urn:test", time=NOW
        )
        headers = [(name, value.encode()) for name, value in envelope.headers().items()]
        value = event.model_dump_json().encode()
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topic, 0, 0, 0, 0, event.subject().encode(), value, None, 0, len(value), headers
        )
        await self.consumers[topic].consume(record)

    async def count(self, table: Any) -> int:
        async with self.runtime.engine.connect() as connection:
            counted = await connection.execute(select(func.count()).select_from(table))
            return int(counted.scalar_one())

    async def outbox_payloads(self) -> list[dict[str, Any]]:
        outbox = orm.plumbing.outbox
        async with self.runtime.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.payload))).scalars().all()
        return [json.loads(row) for row in rows]


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    settings = MediationSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.sqlite3'}")
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    harness = Harness(settings)
    yield harness
    await harness.runtime.engine.dispose()


def appointed(mediator_id: str = "m-1", term_ends: date = date(2030, 3, 2)) -> IntegrationEvent:
    return vetting.MediatorAppointed(
        mediator_id=mediator_id,
        office="oslo",
        municipality="0301",
        term_starts=date(2026, 3, 2),
        term_ends=term_ends,
        appointed_at=NOW,
    )


def registered(reaction: Reaction, case_id: str = "c-1") -> IntegrationEvent:
    return referral.ReferralRegistered(
        case_id=case_id,
        sender_reference="ref-1",
        office="oslo",
        reaction=reaction,
        decision_basis=DecisionBasis.TRANSFER,
        offence_date=date(2026, 1, 10),
        execution_months=6,
        offender_is_minor=False,
        registered_at=NOW,
    )


@pytest.mark.asyncio
async def test_appointment_puts_the_mediator_on_the_roster_and_announces_it(
    harness: Harness,
) -> None:
    await harness.deliver(topics.VETTING_EVENTS, appointed())

    assert await harness.count(orm.roster) == 1
    [payload] = await harness.outbox_payloads()
    assert MediatorAvailable.model_validate(payload).mediator_id == "m-1"


@pytest.mark.asyncio
async def test_the_same_message_delivered_twice_adds_once(harness: Harness) -> None:
    await harness.deliver(topics.VETTING_EVENTS, appointed(), ce_id="ce-1")
    await harness.deliver(topics.VETTING_EVENTS, appointed(), ce_id="ce-1")

    assert await harness.count(orm.roster) == 1
    assert len(await harness.outbox_payloads()) == 1


@pytest.mark.asyncio
async def test_the_same_appointment_republished_adds_once(harness: Harness) -> None:
    await harness.deliver(topics.VETTING_EVENTS, appointed(), ce_id="ce-1")
    await harness.deliver(topics.VETTING_EVENTS, appointed(), ce_id="ce-2")

    assert await harness.count(orm.roster) == 1
    assert len(await harness.outbox_payloads()) == 1
    assert await harness.count(orm.plumbing.inbox) == 2


@pytest.mark.asyncio
async def test_par4_an_expired_appointment_is_acknowledged_and_logged_not_added(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=consumers.__name__):
        await harness.deliver(topics.VETTING_EVENTS, appointed(term_ends=date(2026, 3, 1)))

    assert await harness.count(orm.roster) == 0
    assert "§4 fourth para" in caplog.text


@pytest.mark.asyncio
async def test_mediation_registrations_open_a_case(harness: Harness) -> None:
    await harness.deliver(topics.REFERRAL_EVENTS, registered(Reaction.MEDIATION), ce_id="ce-1")
    await harness.deliver(topics.REFERRAL_EVENTS, registered(Reaction.MEDIATION), ce_id="ce-2")

    assert await harness.count(orm.mediation_cases) == 1
    assert await harness.outbox_payloads() == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "reaction", [Reaction.FOLLOW_UP, Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE]
)
async def test_follow_up_and_youth_registrations_are_not_for_mediation(
    harness: Harness, reaction: Reaction
) -> None:
    await harness.deliver(topics.REFERRAL_EVENTS, registered(reaction))

    assert await harness.count(orm.mediation_cases) == 0


@pytest.mark.asyncio
async def test_rejections_are_ignored(harness: Harness) -> None:
    rejected = referral.ReferralRejected(
        sender_reference="ref-1", office="oslo", legal_basis="§8", reason="x", rejected_at=NOW
    )
    await harness.deliver(topics.REFERRAL_EVENTS, rejected)

    assert await harness.count(orm.mediation_cases) == 0
    assert await harness.count(orm.plumbing.inbox) == 0


@pytest.mark.asyncio
async def test_runtime_knows_every_topic_it_touches(harness: Harness) -> None:
    assert harness.runtime.topics == {
        topics.VETTING_EVENTS,
        topics.REFERRAL_EVENTS,
        topics.MEDIATION_EVENTS,
        topics.PROSECUTION,
        topics.CORRECTIONAL,
    }


@pytest.mark.asyncio
async def test_par4_vetting_renewals_expiries_and_revocations_update_the_roster(
    harness: Harness,
) -> None:
    await harness.deliver(topics.VETTING_EVENTS, appointed())
    await harness.deliver(
        topics.VETTING_EVENTS,
        vetting.MediatorTermExpired(mediator_id="m-1", office="oslo", expired_on=date(2026, 5, 1)),
    )
    await harness.deliver(
        topics.VETTING_EVENTS,
        vetting.MediatorRevoked(
            mediator_id="m-1",
            office="oslo",
            effective_on=date(2026, 4, 1),
            legal_basis="konfliktrådsloven §6",
            revoked_at=NOW,
        ),
    )
    await harness.deliver(
        topics.VETTING_EVENTS,
        vetting.MediatorTermRenewed(
            mediator_id="m-2",
            office="oslo",
            term_starts=date(2026, 3, 1),
            term_ends=date(2030, 3, 1),
            renewed_at=NOW,
        ),
    )

    async with harness.runtime.engine.connect() as connection:
        rows = (await connection.execute(select(orm.roster).order_by("mediator_id"))).all()
    assert [(r.mediator_id, r.ends_early_on) for r in rows] == [
        ("m-1", date(2026, 4, 1)),
        ("m-2", None),
    ]
    assert "§6" in rows[0].ended_by


@pytest.mark.asyncio
async def test_a_civil_case_opens_with_its_parties_kept_for_later_events(
    harness: Harness,
) -> None:
    civil = referral.ReferralRegistered(
        case_id="c-civil",
        sender_reference="civ-1",
        office="oslo",
        reaction=Reaction.MEDIATION,
        decision_basis=DecisionBasis.CIVIL,
        decided_by=DecisionMaker.OFFICE_LEADER,
        offence_date=None,
        execution_months=None,
        offender_is_minor=False,
        registered_at=NOW,
        parties=[
            PartyRef(party_id="claimant", role=PartyRole.CLAIMANT, sealed_contact="v1.x.y"),
            PartyRef(party_id="respondent", role=PartyRole.RESPONDENT),
        ],
    )
    await harness.deliver(topics.REFERRAL_EVENTS, civil)

    async with harness.runtime.engine.connect() as connection:
        row = (await connection.execute(select(orm.mediation_cases))).one()
    assert row.decision_basis == "civil"
    assert [p.party_id for p in row.parties] == ["claimant", "respondent"]
    assert row.parties[0].sealed_contact == "v1.x.y", "passed along unread"


@pytest.mark.asyncio
async def test_par13_a_moved_case_follows_to_the_new_office_without_the_old_mediators(
    harness: Harness,
) -> None:
    await harness.deliver(topics.REFERRAL_EVENTS, registered(Reaction.MEDIATION))
    moved = referral.CaseMoved(
        case_id="c-1",
        from_office="oslo",
        to_office="bergen",
        legal_basis="konfliktrådsloven §13 second para",
        moved_at=NOW,
    )
    await harness.deliver(topics.REFERRAL_EVENTS, moved)
    await harness.deliver(topics.REFERRAL_EVENTS, moved.model_copy(update={"case_id": "youth"}))

    async with harness.runtime.engine.connect() as connection:
        [row] = (await connection.execute(select(orm.mediation_cases))).all()
    assert (row.office, row.mediators, row.lead_mediator) == ("bergen", [], None)
