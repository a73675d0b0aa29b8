"""politiregisterloven §41 no. 1 (a) with GDPR art. 5(1)(e): an ended youth reaction keeps its
personal parts two years, then loses them; a case still running is not touched."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from youth_harness import NOW, Harness, harness, registered

from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.legal_time import add_months
from youth_plan.adapters import orm
from youth_plan.domain.retention import ENDED_YOUTH_CASE, TABLE

__all__ = ["harness"]  # the fixture this module uses

COMPLETED = date(2026, 12, 1)


def test_every_category_cites_a_provision_and_a_period() -> None:
    for kept in TABLE.values():
        assert kept.months > 0 and "§" in kept.provision and kept.reading


async def rows(h: Harness) -> dict[str, Any]:
    async with h.runtime.engine.connect() as connection:
        found = await connection.execute(select(orm.youth_cases))
        return {row["case_id"]: dict(row) for row in found.mappings()}


async def test_politiregisterloven_par41_an_ended_case_loses_its_people_after_two_years(
    harness: Harness,
) -> None:
    await harness.deliver(registered(Reaction.YOUTH_FOLLOW_UP, "c-1"))
    await harness.deliver(registered(Reaction.YOUTH_FOLLOW_UP, "c-2"))
    async with harness.runtime.engine.begin() as connection:
        await connection.execute(
            update(orm.youth_cases)
            .where(orm.youth_cases.c.case_id == "c-1")
            .values(completed_on=COMPLETED, substance_ban="no alcohol at the youth club")
        )
    before = await rows(harness)
    expires = add_months(COMPLETED, ENDED_YOUTH_CASE.months)

    harness.clock.set(datetime.combine(expires, time(12), NOW.tzinfo))
    assert await harness.runtime.housekeeper.erase_expired() == 0
    harness.clock.set(datetime.combine(add_months(expires, 1), time(12), NOW.tzinfo))
    assert await harness.runtime.housekeeper.erase_expired() == 1
    assert await harness.runtime.housekeeper.erase_expired() == 0  # once, not every round

    after = await rows(harness)
    assert after["c-2"] == before["c-2"]
    erased = after["c-1"]
    assert erased["parties"] == [] and erased["substance_ban"] is None
    assert (erased["reaction"], erased["completed_on"]) == (
        before["c-1"]["reaction"],
        COMPLETED,
    )
