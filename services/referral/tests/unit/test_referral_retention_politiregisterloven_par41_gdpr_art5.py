"""Retention of a case's identities, with the clock moved past each period (SQLite, the HTTP
API and the inbound consumer as in production, no broker)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from referral_service import NOW, referral_office
from sqlalchemy import select

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.legal_time import add_months, start_of_day
from referral.adapters.orm import cases
from referral.domain.retention import CRIMINAL_MEDIATION, STAYS, TABLE

MEDIATION = {"reaction": "mediation", "execution_months": None}


def test_every_category_cites_a_provision_and_a_period() -> None:
    for kept in TABLE.values():
        assert kept.months > 0 and "§" in kept.provision and kept.reading
    assert any("audit" in stays.category for stays in STAYS)


def test_politiregisterloven_par41_a_mediated_case_loses_its_identities_after_its_period(
    tmp_path: Path,
) -> None:
    asyncio.run(_mediated_case_expires(tmp_path))


async def _mediated_case_expires(tmp_path: Path) -> None:
    clock = FrozenClock(NOW)
    async with referral_office(tmp_path, clock) as office:
        earlier = await office.send(**MEDIATION, decided_on="2026-10-15")
        later = await office.send(**MEDIATION, decided_on="2026-11-16")
        expires = add_months(date(2026, 10, 15), CRIMINAL_MEDIATION.months)

        clock.set(start_of_day(expires))
        housekeeper = office.app.state.housekeeper
        assert await housekeeper.erase_expired() == 0
        assert len(await _found(office, earlier)) == 1

        clock.set(datetime.combine(add_months(expires, 1), NOW.timetz()))
        assert await housekeeper.erase_expired() == 1

        assert await _found(office, earlier) == []
        remaining = await office.case(later)
        read = await office.http.get(
            f"/cases/{remaining['case_id']}", headers=office.case_officer()
        )
        assert read.status_code == 200 and read.json()["sender_reference"] == later

        async with office.app.state.runtime.engine.connect() as connection:
            rows = (await connection.execute(select(cases))).mappings().all()
        erased = next(row for row in rows if row["erased_on"] is not None)
        # What stays is the figures' row: no identity, no reference back to the police case.
        assert (erased["kind"], erased["office"], erased["reaction"]) == (
            "criminal",
            "konfliktradet-oslo",
            "mediation",
        )
        assert erased["offender_sealed"] is None and erased["offender_index"] is None
        assert erased["victims_sealed"] is None and erased["sender_reference"] != earlier
        assert sum(row["erased_on"] is None for row in rows) == 1

        # The office can be sent the same reference again once the old case is erased.
        again = await office.send(**MEDIATION, decided_on="2029-05-01", sender_reference=earlier)
        assert len(await _found(office, again)) == 1


async def _found(office: object, reference: str) -> list[object]:
    found = await office.http.get(  # type: ignore[attr-defined]
        "/cases",
        params={"sender_reference": reference},
        headers=office.case_officer(),  # type: ignore[attr-defined]
    )
    assert found.status_code == 200, found.text
    return list(found.json())
