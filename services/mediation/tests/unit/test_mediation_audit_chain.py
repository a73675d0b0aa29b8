"""§9's notes are read on the record: each read of a meeting's notes is an audit entry naming
the reader, the case and the purpose, and never the notes themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mediation_http import NOW, Office, make_settings, office, play_to_approval
from sqlalchemy import select

from konfliktrad_shared import audit_chain
from konfliktrad_shared.clock import FrozenClock
from mediation.adapters import orm
from mediation.views import NOTES_READ

SECRET = "he admitted it was him"


async def chain(o: Office) -> list[Any]:
    table = orm.plumbing.audit
    async with o.app.state.runtime.engine.connect() as connection:
        return list((await connection.execute(select(table).order_by(table.c.seq))).mappings())


async def test_reading_a_meetings_notes_leaves_a_read_entry(tmp_path: Path) -> None:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as o:
        await o.seed()
        meeting_id, _agreement = await play_to_approval(o, notes=SECRET)
        before = await chain(o)
        read = await o.http.get(f"/cases/c-1/meetings/{meeting_id}/notes", headers=o.mediator())
        assert read.status_code == 200 and read.json()["notes"][0]["text"] == SECRET
        entries = await chain(o)

    assert not [e for e in before if e["kind"] == audit_chain.READ]
    (entry,) = [e for e in entries if e["kind"] == audit_chain.READ]
    assert (entry["action"], entry["case_id"], entry["actor_subject"], entry["actor_role"]) == (
        NOTES_READ,
        "c-1",
        "m-1",
        "mediator",
    )
    written = [e for e in entries if e["action"] == "WriteMeetingNotes"]
    assert [e["actor_subject"] for e in written] == ["m-1"]
    assert SECRET not in repr(entries)
    assert audit_chain.verify(entries).intact
