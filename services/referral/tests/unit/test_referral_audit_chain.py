"""The referral's audit chain: the consumed referral against the consumer, the case officer's
postponement against the officer with its provision, each read of the case against its reader."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from referral_service import NOW, Office, referral_office
from sqlalchemy import select

from konfliktrad_shared import audit_chain
from referral.adapters import orm
from referral.views import CASE_READ


async def chain(o: Office) -> list[Any]:
    table = orm.plumbing.audit
    async with o.app.state.runtime.engine.connect() as connection:
        return list((await connection.execute(select(table).order_by(table.c.seq))).mappings())


async def test_commands_and_reads_of_a_case_are_recorded_against_their_actors(
    tmp_path: Path,
) -> None:
    async with referral_office(tmp_path) as o:
        reference = await o.send()
        case_id = (await o.case(reference))["case_id"]
        postponed = await o.http.post(
            f"/cases/{case_id}/postponement",
            json={"expected_on": (NOW + timedelta(days=30)).date().isoformat(), "reason": "ill"},
            headers=o.case_officer(),
        )
        assert postponed.status_code == 200, postponed.text

        entries = await chain(o)

    received, listed, postponement = entries[0], entries[1], entries[-1]
    assert received["kind"] == "command" and received["case_id"] == case_id
    assert received["actor_subject"] == "system:referral" and received["message_id"]
    assert (listed["kind"], listed["action"], listed["case_id"]) == ("read", CASE_READ, case_id)
    assert listed["actor_subject"] == "saksbehandler-1"
    assert (postponement["action"], postponement["case_id"]) == ("PostponeCase", case_id)
    assert (postponement["actor_subject"], postponement["actor_role"]) == (
        "saksbehandler-1",
        "case_officer",
    )
    assert "§20" in (postponement["provision"] or "")
    assert "ill" not in {e["provision"] for e in entries}, "no free text of the case"
    assert audit_chain.verify(entries).intact
