"""GDPR art. 5(1)(e): a case's contact book and notices are deleted once the case has been
silent past its period; a case still sending notices keeps everything."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from notification_harness import NOW, case_parties, handle, meeting, registered, registered_case
from sqlalchemy import update

from konfliktrad_shared.housekeeping import Erasure
from notification.adapters import orm
from notification.adapters.retention import ERASURES
from notification.domain.retention import CONTACTS_AND_NOTICES, TABLE


def test_every_category_cites_a_provision_and_a_period() -> None:
    for kept in TABLE.values():
        assert kept.months > 0 and "§" in kept.provision and kept.reading


async def sweep(engine: object, erasures: tuple[Erasure, ...], days: int) -> int:
    async with engine.begin() as connection:  # type: ignore[attr-defined]
        return sum([await erase(connection, NOW + timedelta(days=days)) for erase in erasures])


async def test_gdpr_art5_a_silent_case_loses_its_contacts_and_notices(tmp_path: Path) -> None:
    h = await registered_case(tmp_path)
    second = {"case_id": "case-2", "parties": case_parties(h.seal, "case-2")}
    await handle(h, registered(h).model_copy(update=second), "ce-registered-2")
    await handle(h, meeting(h), "ce-meeting-1")
    await handle(h, meeting(h).model_copy(update={"case_id": "case-2"}), "ce-meeting-2")
    # case-2 is still being told things: its last notice goes out a year later.
    async with h.engine.begin() as connection:
        await connection.execute(
            update(orm.notices)
            .where(orm.notices.c.case_id == "case-2")
            .values(updated_at=NOW + timedelta(days=365))
        )
    before = {table: await h.rows(table) for table in (orm.contact_book, orm.notices)}
    assert {row["case_id"] for row in before[orm.notices]} == {"case-1", "case-2"}

    assert await sweep(h.engine, ERASURES, days=30 * CONTACTS_AND_NOTICES.months - 10) == 0
    assert await sweep(h.engine, ERASURES, days=31 * CONTACTS_AND_NOTICES.months + 1) > 0

    for table in (orm.contact_book, orm.notices):
        remaining = await h.rows(table)
        assert {row["case_id"] for row in remaining} == {"case-2"}
        assert remaining == [row for row in before[table] if row["case_id"] == "case-2"]
