"""On real PostgreSQL: every service's audit chain refuses changes, shows tampering to the
operator's tool, and records who read a meeting's notes and who gave a command over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from konfliktrad_operator.cli import cli
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared import audit_chain
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.crypto import generate_key
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata
from konfliktrad_shared.devkeys import generate_dev_keypair, mint_token
from konfliktrad_shared.migrations import upgrade_to_head

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AUDIT = define_plumbing_tables(new_metadata()).audit
SERVICES = ("referral", "mediation", "youth_plan", "vetting", "notification")
CLERK = audit_chain.Actor("clerk-1", "case_officer", "oslo")


def _migrations(service: str) -> Path:
    module = __import__(f"{service}.bootstrap", fromlist=["MIGRATIONS"])
    migrations: Path = module.MIGRATIONS
    return migrations


def _migrated(database_factory: Callable[[str], str], service: str) -> str:
    url = database_factory(f"audit_{service}")
    upgrade_to_head(_migrations(service), url)
    return url


async def _append(url: str, actions: list[str]) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection, AsyncSession(bind=connection) as session:
            for number, action in enumerate(actions):
                await audit_chain.append(
                    session,
                    AUDIT,
                    at=NOW + timedelta(seconds=number),
                    kind=audit_chain.COMMAND,
                    action=action,
                    actor=CLERK,
                    provision="konfliktrådsloven §14",
                    case_id="c-1",
                )
            await session.commit()
    finally:
        await engine.dispose()


async def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
def test_an_audit_entry_cannot_be_updated_deleted_or_truncated(
    database_factory: Callable[[str], str], service: str
) -> None:
    url = _migrated(database_factory, service)
    asyncio.run(_append(url, ["DecideSuitability"]))

    for change in (
        "UPDATE audit_chain SET actor_subject = 'someone-else'",
        "DELETE FROM audit_chain",
        "TRUNCATE audit_chain",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            asyncio.run(_execute(url, change))

    assert asyncio.run(_rows(url)) == [("DecideSuitability", "clerk-1")]


async def _rows(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT action, actor_subject FROM audit_chain ORDER BY seq")
            )
            return [(row[0], row[1]) for row in rows]
    finally:
        await engine.dispose()


def _verify(url: str, service: str = "vetting") -> Any:
    return CliRunner().invoke(cli, ["audit", "verify", service, "--database-url", url])


@pytest.mark.parametrize(
    ("tampering", "broken_at", "reason"),
    [
        ("UPDATE audit_chain SET action = 'Appoint' WHERE seq = 2", 2, "content"),
        ("DELETE FROM audit_chain WHERE seq = 2", 3, "does not link"),
        ("UPDATE audit_chain SET at = at + interval '1 day' WHERE seq = 3", 3, "content"),
        ("DELETE FROM audit_chain WHERE seq = 1", 2, "does not link"),
    ],
)
def test_the_operator_tool_finds_an_altered_or_removed_entry(
    database_factory: Callable[[str], str], tampering: str, broken_at: int, reason: str
) -> None:
    url = _migrated(database_factory, "vetting")
    asyncio.run(_append(url, ["SubmitApplication", "RecordPoliceCertificate", "Revoke"]))
    intact = _verify(url)
    assert intact.exit_code == 0, intact.output
    assert "audit chain OK, 3 entries" in intact.output

    # Only a superuser (the tests' role) can lift the trigger; the chain still tells.
    asyncio.run(
        _execute(
            url,
            "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only",
            tampering,
            "ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_append_only",
        )
    )
    broken = _verify(url)
    assert broken.exit_code != 0
    assert f"broken at entry {broken_at}" in broken.output
    assert reason in broken.output


def test_reading_a_meetings_notes_and_giving_a_command_leave_entries_with_the_actor(
    database_factory: Callable[[str], str], tmp_path: Path
) -> None:
    url = _migrated(database_factory, "mediation")
    asyncio.run(_notes_read_over_http(url, tmp_path))

    entries = asyncio.run(_entries(url))
    assigned = [e for e in entries if e["action"] == "AssignMediators"]
    assert [(e["actor_subject"], e["actor_role"], e["actor_office"]) for e in assigned] == [
        ("leader-1", "office_leader", "oslo")
    ]
    assert assigned[0]["case_id"] == "c-1"
    reads = [e for e in entries if e["kind"] == audit_chain.READ]
    assert [(e["actor_subject"], e["case_id"], e["action"]) for e in reads] == [
        ("m-1", "c-1", "meeting notes (konfliktrådsloven §9)")
    ]
    assert "THE SECRET" not in repr(entries)
    verdict = _verify(url, "mediation")
    assert verdict.exit_code == 0, verdict.output


async def _entries(url: str) -> list[dict[str, Any]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(AUDIT.select().order_by(AUDIT.c.seq))
            return [dict(row) for row in rows.mappings()]
    finally:
        await engine.dispose()


async def _notes_read_over_http(url: str, tmp_path: Path) -> None:
    from mediation.config import MediationSettings
    from mediation.domain.commands import AddMediatorToRoster, OpenMediationCase
    from mediation.domain.vocabulary import MediationReaction
    from mediation.main import create_app

    keys = generate_dev_keypair(tmp_path / "keys")
    settings = MediationSettings(
        database_url=url,
        auth_jwks_file=keys.jwks,
        field_keys=f"t:{generate_key()}",
        blind_index_key=generate_key(),
        kafka_security_protocol="PLAINTEXT",  # no broker is reached: nothing to prove to one
    )
    clock = FrozenClock(NOW)
    app = create_app(settings, clock=clock)
    pem = (keys.jwks.parent / "signing_key.pem").read_bytes()

    def bearer(role: str, subject: str) -> dict[str, str]:
        token = mint_token(
            pem,
            "dev",
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject=subject,
            roles=(role,),
            office="oslo",
        )
        return {"Authorization": f"Bearer {token}"}

    parties = (
        PartyRef(party_id="offender", role=PartyRole.OFFENDER),
        PartyRef(party_id="victim-1", role=PartyRole.VICTIM),
    )
    await app.state.bus.handle(AddMediatorToRoster("m-1", "oslo", date(2030, 3, 2)))
    await app.state.bus.handle(
        OpenMediationCase(
            "c-1", "oslo", MediationReaction.MEDIATION, DecisionBasis.TRANSFER, parties
        )
    )
    leader, mediator = bearer("office_leader", "leader-1"), bearer("mediator", "m-1")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        assigned = await http.post(
            "/cases/c-1/mediators", json={"mediator_ids": ["m-1"]}, headers=leader
        )
        assert assigned.status_code == 204, assigned.text
        meeting = await http.post(
            "/cases/c-1/meetings",
            headers=leader,
            json={
                "kind": "mediation_meeting",
                "starts_at": (NOW + timedelta(days=1)).isoformat(),
                "participants": [
                    {"person_ref": "offender", "role": "party"},
                    {"person_ref": "victim-1", "role": "party"},
                    {"person_ref": "m-1", "role": "mediator"},
                ],
            },
        )
        assert meeting.status_code == 201, meeting.text
        notes = f"/cases/c-1/meetings/{meeting.json()['id']}/notes"
        written = await http.post(notes, json={"text": "THE SECRET"}, headers=mediator)
        assert written.status_code == 201, written.text
        read = await http.get(notes, headers=mediator)
        assert read.status_code == 200, read.text
        assert read.json()["notes"][0]["text"] == "THE SECRET"
    await app.state.runtime.engine.dispose()
