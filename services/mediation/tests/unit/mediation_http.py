"""An in-process mediation app on SQLite, driven over HTTP with real tokens (no broker)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head
from mediation.adapters import orm
from mediation.config import MediationSettings
from mediation.domain.commands import AddMediatorToRoster, OpenMediationCase
from mediation.domain.vocabulary import MediationReaction
from mediation.main import MIGRATIONS, create_app

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARTIES = (
    PartyRef(party_id="offender", role=PartyRole.OFFENDER),
    PartyRef(party_id="victim-1", role=PartyRole.VICTIM),
)


async def make_settings(tmp_path: Path) -> MediationSettings:
    keys = generate_dev_keypair(tmp_path / "keys")
    settings = MediationSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'mediation.sqlite3'}",
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
    )
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    return settings


class Office:
    def __init__(self, settings: MediationSettings, app: FastAPI, clock: FrozenClock) -> None:
        self.settings, self.app, self.clock = settings, app, clock
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t")

    def bearer(self, *roles: str, subject: str = "leader-1", office: str = "oslo") -> Any:
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

    def leader(self) -> Any:
        return self.bearer("office_leader")

    def mediator(self, mediator_id: str = "m-1") -> Any:
        return self.bearer("mediator", subject=mediator_id)

    async def seed(self, basis: DecisionBasis = DecisionBasis.TRANSFER) -> None:
        bus = self.app.state.bus
        for mediator_id, office in (("m-1", "oslo"), ("m-2", "oslo"), ("m-bergen", "bergen")):
            await bus.handle(AddMediatorToRoster(mediator_id, office, date(2030, 3, 2)))
        await bus.handle(
            OpenMediationCase("c-1", "oslo", MediationReaction.MEDIATION, basis, PARTIES)
        )

    async def outbox(self) -> list[dict[str, Any]]:
        table = orm.plumbing.outbox
        async with self.app.state.runtime.engine.connect() as connection:
            rows = (await connection.execute(table.select().order_by(table.c.id))).all()
        return [
            {"topic": r.topic, "type": r.event_type, "payload": json.loads(r.payload), "row": r}
            for r in rows
        ]

    async def close(self) -> None:
        await self.http.aclose()
        await self.app.state.runtime.engine.dispose()


@asynccontextmanager
async def office(settings: MediationSettings, clock: FrozenClock) -> AsyncIterator[Office]:
    running = Office(settings, create_app(settings, clock=clock), clock)
    try:
        yield running
    finally:
        await running.close()


async def play_to_approval(o: Office, notes: str = "they talked") -> tuple[str, str]:
    """Mediator m-1 assigned, a meeting held with notes, an agreement approved."""
    leader, mediator = o.leader(), o.mediator()
    assigned = await o.http.post(
        "/cases/c-1/mediators", json={"mediator_ids": ["m-1"]}, headers=leader
    )
    assert assigned.status_code == 204, assigned.text
    meeting = await o.http.post(
        "/cases/c-1/meetings",
        headers=leader,
        json={
            "kind": "mediation_meeting",
            "starts_at": (o.clock.now() + timedelta(days=1)).isoformat(),
            "participants": [
                {"person_ref": "offender", "role": "party"},
                {"person_ref": "victim-1", "role": "party"},
                {"person_ref": "m-1", "role": "mediator"},
            ],
        },
    )
    assert meeting.status_code == 201, meeting.text
    meeting_id = meeting.json()["id"]
    written = await o.http.post(
        f"/cases/c-1/meetings/{meeting_id}/notes", json={"text": notes}, headers=mediator
    )
    assert written.status_code == 201, written.text
    agreement = await o.http.post(
        "/cases/c-1/agreements",
        headers=mediator,
        json={
            "meeting_id": meeting_id,
            "in_writing": True,
            "signed_by": ["offender", "victim-1"],
            "performances": [
                {
                    "kind": "work",
                    "scope": "ten hours of garden work",
                    "due_on": (o.clock.now() + timedelta(days=30)).date().isoformat(),
                    "owed_by": "offender",
                    "owed_to": "victim-1",
                }
            ],
            "final_settlement": True,
        },
    )
    assert agreement.status_code == 201, agreement.text
    agreement_id = agreement.json()["id"]
    decided = await o.http.post(
        f"/cases/c-1/agreements/{agreement_id}/decisions",
        json={"approves": True, "in_writing": True},
        headers=mediator,
    )
    assert decided.status_code == 204, decided.text
    return meeting_id, agreement_id


async def end_meeting(o: Office, meeting_id: str) -> httpx.Response:
    everyone = ["offender", "victim-1", "m-1"]
    return await o.http.post(
        f"/cases/c-1/meetings/{meeting_id}/outcome",
        json={
            "held": True,
            "agreement_reached": True,
            "present": everyone,
            "told_of_confidentiality": everyone,
        },
        headers=o.mediator(),
    )
