"""Who submitted and who read a candidate's application is in the audit chain."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from vetting_http import Token, application

from konfliktrad_shared import audit_chain
from konfliktrad_shared.db import create_engine
from vetting.adapters.orm import plumbing
from vetting.config import VettingSettings
from vetting.views import CANDIDATE_READ


async def chain(settings: VettingSettings) -> list[Any]:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            table = plumbing.audit
            return list((await connection.execute(select(table).order_by(table.c.seq))).mappings())
    finally:
        await engine.dispose()


def test_submitting_and_reading_an_application_are_recorded_without_the_candidate(
    client: TestClient, token: Token, settings: VettingSettings
) -> None:
    body = application()
    submitted = client.post("/applications", json=body, headers=token("office_leader"))
    assert submitted.status_code == 201, submitted.text
    application_id = submitted.json()["application_id"]
    read = client.get(f"/applications/{application_id}", headers=token("office_leader"))
    assert read.status_code == 200, read.text

    entries = asyncio.run(chain(settings))
    assert [(e["kind"], e["action"], e["case_id"]) for e in entries] == [
        ("command", "SubmitApplication", application_id),
        ("read", CANDIDATE_READ, application_id),
    ]
    assert {(e["actor_subject"], e["actor_role"]) for e in entries} == {
        ("leader-1", "office_leader")
    }
    candidate = body["candidate"]
    for value in (v for v in candidate.values() if isinstance(v, str) and len(v) > 3):
        assert value not in repr(entries), "no personal data of the candidate in the chain"
    assert audit_chain.verify(entries).intact
