"""The office's intake in figures: every case received, by kind, and the cases closed at
intake by outcome (§10 first para: rejected by the leader), per month, for the leader only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest_asyncio
from referral_service import Office, referral_office
from test_referral_civil_api import decide, file, filing

from referral.domain.figures import IntakeFacts, per_month


def test_s10_first_para_rejected_and_withdrawn_close_at_intake_in_their_month() -> None:
    received = datetime(2026, 10, 30, 12, tzinfo=UTC)
    report = per_month(
        "oslo",
        [
            IntakeFacts("criminal", received),
            IntakeFacts("civil", received, rejected_at=datetime(2026, 11, 9, 12, tzinfo=UTC)),
            IntakeFacts("criminal", received, withdrawn_on=date(2026, 11, 19)),
        ],
    )
    october, november = report["months"]
    assert october["received"] == {"criminal": 2, "civil": 1}
    assert november["closed"] == {"rejected": 1, "withdrawn": 1}
    assert november["mean_days_to_closure"] == 15.0
    assert november["cases_to_first_meeting"] == 0


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


async def test_s10_first_para_the_leaders_figures_count_a_rejection_and_name_no_case(
    office: Office,
) -> None:
    filed = (await file(office, filing(harm="none"))).json()
    await decide(office, filed["case_id"], suitable=False, reasons="a fence; no harm")
    await file(office, filing("CIV-2"))

    assert (await office.http.get("/figures", headers=office.case_officer())).status_code == 403
    answer = (await office.http.get("/figures", headers=office.leader())).json()
    assert answer["office"] == "konfliktradet-oslo"
    assert answer["long_standing_average_days"] == 40
    [month] = answer["months"]
    assert month["received"] == {"civil": 2}
    assert month["closed"] == {"rejected": 1}
    assert filed["case_id"] not in str(answer) and "CIV-" not in str(answer)
