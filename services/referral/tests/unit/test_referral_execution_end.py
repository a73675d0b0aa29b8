"""One end date per case (konfliktrådsloven §23; Prop. 57 L: the period runs from the youth
conference): referral publishes no end counted from the decision date, and its API shows the
end youth_plan set, read from `youth_plan.events.v1`. Also the majority date youth_plan needs
(guardianship ends at 18)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from fastapi.testclient import TestClient
from sqlalchemy import select

import referral
from konfliktrad_shared.assembly import build
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts import youth_plan as youth_plan_contract
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.migrations import upgrade_to_head
from referral.adapters import orm
from referral.bootstrap import declare
from referral.config import ReferralSettings
from referral.entrypoints.consumers import to_command
from referral.main import create_app

MIGRATIONS = Path(referral.__file__).parent / "migrations"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
DECIDED = date(2026, 10, 15)
REFERRAL = {
    "sender_reference": "POL-END-1",
    "sender": "Oslo politidistrikt",
    "reaction": "youth_follow_up",
    "decision_basis": "strpl_71a",
    "office": "konfliktradet-oslo",
    "offence_date": "2026-09-01",
    "decided_on": DECIDED.isoformat(),
    "execution_months": 6,
    "offender": {
        "national_id": "14831051222",  # synthetic: born 14 March 2010
        "name": "Synthetic Offender",
        "municipality": "0301",
        "consents": True,
        "acknowledges_guilt": True,
        "guardians": [{"name": "Synthetic G", "email": "g@example.no", "consents": True}],
    },
}


@pytest.fixture
def settings(tmp_path: Path) -> ReferralSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = ReferralSettings.model_validate(
        {
            "database_url": f"sqlite+aiosqlite:///{tmp_path / 'r.sqlite3'}",
            "auth_jwks_file": keys.jwks,
            "accept_synthetic_national_ids": True,
            "field_keys": f"k1:{generate_key()}",
            "blind_index_key": generate_key(),
            "KONFLIKTRAD_CONTACT_KEYS": f"c1:{generate_key()}",
        }
    )
    upgrade_to_head(MIGRATIONS, settings.database_url)
    return settings


class Intake:
    """referral's bus and its youth_plan consumer on the test database, no broker."""

    def __init__(self, settings: ReferralSettings) -> None:
        self.settings = settings
        assembly = build(declare(settings, FrozenClock(NOW)))
        self.runtime, self.bus = assembly.runtime, assembly.bus
        self.periods = assembly.consumers[topics.YOUTH_PLAN_EVENTS]

    async def refer(self) -> str:
        event = agencies.CaseTransferred.model_validate(REFERRAL)
        case = await self.bus.handle(to_command(event, self.settings, "police-oslo"))
        return str(case.case_id)

    async def deliver(self, event: IntegrationEvent) -> None:
        envelope = Envelope(id=str(uuid4()), type=event.event_type, source="urn:test", time=NOW)
        headers = [(name, value.encode()) for name, value in envelope.headers().items()]
        value = event.model_dump_json().encode()
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topics.YOUTH_PLAN_EVENTS, 0, 0, 0, 0, event.subject().encode(), value, None, 0,
            len(value), headers,
        )  # fmt: skip
        await self.periods.consume(record)

    async def published(self, event_type: str) -> list[dict[str, Any]]:
        outbox = orm.plumbing.outbox
        query = select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id)
        async with self.runtime.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [json.loads(r.payload) for r in rows if r.event_type == event_type]


def period_set(case_id: str, ends: datetime | None) -> youth_plan_contract.ExecutionPeriodSet:
    return youth_plan_contract.ExecutionPeriodSet(
        case_id=case_id,
        sender_reference="POL-END-1",
        office="konfliktradet-oslo",
        reaction=agencies.Reaction.YOUTH_FOLLOW_UP,
        execution_months=6,
        execution_starts=datetime(2026, 12, 4, tzinfo=UTC),
        execution_ends=ends,
        legal_basis="konfliktrådsloven §23 second para",
        set_at=NOW,
    )


def officer(settings: ReferralSettings) -> dict[str, str]:
    pem = (settings.auth_jwks_file.parent / "signing_key.pem").read_bytes()
    minted = mint_token(
        pem,
        "dev",
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject="saksbehandler",
        roles=("case_officer",),
        office="konfliktradet-oslo",
    )
    return {"Authorization": f"Bearer {minted}"}


def test_s23_referral_shows_the_one_end_date_youth_plan_set_never_one_from_the_decision(
    settings: ReferralSettings,
) -> None:
    intake = Intake(settings)

    async def register() -> tuple[str, list[dict[str, Any]]]:
        case_id = await intake.refer()
        return case_id, await intake.published("no.konfliktraadet.referral.registered.v1")

    case_id, [registered] = asyncio.run(register())
    # No competing end counted from the decision date (15 April 2027); the length only.
    assert registered["execution_ends_on"] is None
    assert registered["execution_months"] == 6
    client = TestClient(create_app(settings, clock=FrozenClock(NOW)))
    before = client.get(f"/cases/{case_id}", headers=officer(settings)).json()
    assert (before["execution_ends_on"], before["execution_ends_set_by"]) == (None, None)

    # youth_plan holds the conference on 4 December: six months from it.
    asyncio.run(intake.deliver(period_set(case_id, datetime(2027, 6, 4, tzinfo=UTC))))
    after = client.get(f"/cases/{case_id}", headers=officer(settings)).json()
    assert (after["execution_ends_on"], after["execution_ends_set_by"]) == (
        "2027-06-04",
        "youth_plan",
    )
    # A correction youth_plan applied moves it again.
    asyncio.run(intake.deliver(period_set(case_id, datetime(2027, 9, 4, tzinfo=UTC))))
    moved = client.get(f"/cases/{case_id}", headers=officer(settings)).json()
    assert moved["execution_ends_on"] == "2027-09-04"
    asyncio.run(intake.runtime.engine.dispose())


def test_s24_referral_tells_youth_plan_the_day_a_minor_offender_turns_18(
    settings: ReferralSettings,
) -> None:
    intake = Intake(settings)

    async def register() -> list[dict[str, Any]]:
        await intake.refer()
        return await intake.published("no.konfliktraadet.referral.registered.v1")

    [registered] = asyncio.run(register())
    assert registered["offender_is_minor"] is True
    assert registered["offender_of_age_on"] == "2028-03-14"
    asyncio.run(intake.runtime.engine.dispose())
