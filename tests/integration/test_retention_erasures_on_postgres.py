"""On real PostgreSQL: every service's retention erasures run (string concatenation, JSON
cast, grouped subqueries are PostgreSQL's own SQL here, not SQLite's), and an ended youth case
past its period loses its people exactly once while a running one is untouched."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import create_async_engine

from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.migrations import upgrade_to_head
from mediation.adapters import retention as mediation_retention
from mediation.bootstrap import MIGRATIONS as MEDIATION
from notification.adapters import retention as notification_retention
from notification.bootstrap import MIGRATIONS as NOTIFICATION
from referral.adapters import retention as referral_retention
from referral.bootstrap import MIGRATIONS as REFERRAL
from vetting.adapters import retention as vetting_retention
from vetting.bootstrap import MIGRATIONS as VETTING
from youth_plan.adapters import orm as youth_orm
from youth_plan.adapters import retention as youth_retention
from youth_plan.bootstrap import MIGRATIONS as YOUTH_PLAN
from youth_plan.domain.vocabulary import YouthReaction

pytestmark = pytest.mark.integration

LATER = datetime(2040, 1, 1, tzinfo=UTC)
SERVICES: dict[str, tuple[Path, tuple[Erasure, ...]]] = {
    "referral": (REFERRAL, referral_retention.ERASURES),
    "mediation": (MEDIATION, mediation_retention.ERASURES),
    "youth_plan": (YOUTH_PLAN, youth_retention.ERASURES),
    "vetting": (VETTING, vetting_retention.ERASURES),
    "notification": (NOTIFICATION, notification_retention.ERASURES),
}


def youth_case(case_id: str, completed_on: date | None) -> dict[str, object]:
    return {
        "case_id": case_id,
        "sender_reference": f"ref-{case_id}",
        "office": "oslo",
        "reaction": YouthReaction.YOUTH_FOLLOW_UP,
        "execution_months": 6,
        "opened_at": datetime(2026, 1, 5, tzinfo=UTC),
        "breaches": 0,
        "parties": [{"party_id": "offender", "role": "offender"}],
        "team": [{"member": "coordinator"}],
        "substance_ban": "no alcohol",
        "completed_on": completed_on,
        "version": 1,
    }


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_gdpr_art5_the_erasures_run_on_postgresql(
    service: str, database_factory: Callable[[str], str]
) -> None:
    migrations, erasures = SERVICES[service]
    url = database_factory(f"retention-{service}")
    upgrade_to_head(migrations, url)

    async def run() -> list[int]:
        engine = create_async_engine(url)
        try:
            if service == "youth_plan":
                async with engine.begin() as connection:
                    await connection.execute(
                        insert(youth_orm.youth_cases),
                        [youth_case("ended", date(2026, 6, 1)), youth_case("running", None)],
                    )
            rounds = []
            for _ in range(2):
                async with engine.begin() as connection:
                    rounds.append(sum([await erase(connection, LATER) for erase in erasures]))
            if service == "youth_plan":
                async with engine.connect() as connection:
                    rows = (await connection.execute(select(youth_orm.youth_cases))).mappings()
                    by_id = {row["case_id"]: row for row in rows}
                assert by_id["ended"]["parties"] == [] and by_id["ended"]["substance_ban"] is None
                assert by_id["running"]["substance_ban"] == "no alcohol"
            return rounds
        finally:
            await engine.dispose()

    rounds = asyncio.run(run())
    assert rounds == ([1, 0] if service == "youth_plan" else [0, 0])
