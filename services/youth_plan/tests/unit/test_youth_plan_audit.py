"""Who recorded a breach is in the audit chain: the coordinator's subject, role and office."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from test_youth_plan_api import Token, client, settings, token
from youth_harness import NOW

from konfliktrad_shared import audit_chain
from konfliktrad_shared.db import create_engine
from youth_plan.adapters.orm import plumbing
from youth_plan.config import YouthPlanSettings

__all__ = ["client", "settings", "token"]


async def chain(settings: YouthPlanSettings) -> list[Any]:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            table = plumbing.audit
            return list((await connection.execute(select(table).order_by(table.c.seq))).mappings())
    finally:
        await engine.dispose()


def test_a_command_over_http_is_recorded_against_the_coordinator(
    client: TestClient, token: Token, settings: YouthPlanSettings
) -> None:
    scheduled = client.post(
        "/cases/ys-1/conferences", json={"starts_at": NOW.isoformat()}, headers=token()
    )
    assert scheduled.status_code == 201, scheduled.text

    entries = asyncio.run(chain(settings))
    opened, conference = entries[0], entries[-1]
    assert opened["action"] == "OpenYouthCase"
    assert opened["actor_subject"].startswith("system:") and opened["message_id"]
    assert (conference["action"], conference["case_id"]) == ("ScheduleConference", "ys-1")
    assert (conference["actor_subject"], conference["actor_role"], conference["actor_office"]) == (
        "coordinator",
        "youth_coordinator",
        "oslo",
    )
    assert audit_chain.verify(entries).intact
