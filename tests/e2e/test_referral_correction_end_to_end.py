"""One end date per case, end to end on the real broker and PostgreSQL: the prosecution
corrects a running youth follow-up's execution period on its referrals topic; referral
publishes the correction, youth_plan moves the end — counted from the youth conference, not
from the decision (konfliktrådsloven §23; Prop. 57 L: "Gjennomføringstiden løper fra
tidspunkt for stormøtet") — and the referral API and youth_plan's API show the same end."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

import pytest
from suite_support import RunningSuite

from devtools.suite_client import TracedClient, case_transferred, eventually, send_referral
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts.agencies import Reaction

pytestmark = pytest.mark.e2e
SENDER = "prosecution-oslo"  # a youth follow-up is the prosecution's transfer (strpl §71a)


def months_after(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


async def test_s23_a_corrected_referral_moves_the_running_youth_cases_one_end_date(
    suite: RunningSuite,
) -> None:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    steps = ThreadSteps(client, suite.bootstrap)
    reference = f"POL-{secrets.token_hex(4).upper()}"
    referral = case_transferred(Reaction.YOUTH_FOLLOW_UP, reference, SENDER)  # 12 months
    await send_referral(suite.bootstrap, referral, client.traceparent(), sender=SENDER)
    case_id = await steps.wait_registered(reference)
    await steps.wait_opened(case_id)
    await steps.hold_conference(case_id, Reaction.YOUTH_FOLLOW_UP)
    await steps.approve_plan(case_id)
    conference_day = date.today()

    async def youth_case() -> dict[str, Any]:
        got = await client.call(
            "GET", f"{steps.youth_plan}/cases/{case_id}", roles=ThreadSteps.COORDINATOR
        )
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    async def referral_case() -> dict[str, Any]:
        got = await client.call("GET", f"{steps.referral}/cases/{case_id}", roles=("case_officer",))
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        return body

    async def both_show(end: date) -> tuple[dict[str, Any], dict[str, Any]] | None:
        youth, intake = await youth_case(), await referral_case()
        youth_end = (youth["execution_ends"] or "")[:10]
        if youth_end == end.isoformat() and intake["execution_ends_on"] == end.isoformat():
            return youth, intake
        return None

    # The period runs from the conference: one end, the same in both APIs.
    twelve = months_after(conference_day, 12)
    _, intake = await eventually(lambda: both_show(twelve), "both APIs at 12 months")
    assert intake["execution_ends_set_by"] == "youth_plan"
    assert intake["execution_ends_on"] != months_after(referral.decided_on, 12).isoformat()

    # The prosecution corrects the period to 6 months on its topic (same reference).
    correction = referral.model_copy(update={"execution_months": 6})
    await send_referral(suite.bootstrap, correction, client.traceparent(), sender=SENDER)
    six = months_after(conference_day, 6)
    youth, intake = await eventually(lambda: both_show(six), "both APIs at the corrected end")
    assert youth["execution_months"] == 6 and intake["execution_months"] == 6
    [applied] = youth["period_corrections"]
    assert applied["applied"] is True
    assert applied["legal_basis"] == "konfliktrådsloven §23 second para"
    assert intake["execution_ends_set_by"] == "youth_plan"
    assert datetime.fromisoformat(youth["execution_starts"]).astimezone(UTC).date() == (
        conference_day
    )
