"""§18 and §11 notices from mediation's OWN events: the office schedules a meeting and the
mediator approves an agreement over mediation's API (issue 4's service, its own process);
mediation publishes MeetingScheduled and AgreementApproved with referral's party references
passed along; notification writes to the parties and a minor's guardian through the sealed
contacts and the contact register. Nothing here is published by the test itself."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from suite_support import QUIET_SECONDS, RunningSuite
from test_notification_end_to_end import mails_to, minor_and_victim_transfer, text_of

from devtools.suite import service
from devtools.suite_client import OFFICE, TracedClient, eventually, send_referral
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

pytestmark = pytest.mark.e2e
MEDIATION = service("mediation").base_url


def bearer(suite: RunningSuite, role: str, subject: str) -> dict[str, str]:
    defaults = ServiceSettings(service_name="e2e", http_port=0)
    token = mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject=subject,
        roles=(role,),
        office=OFFICE,
    )
    return {"authorization": f"Bearer {token}"}


async def test_par18_par11_notices_follow_mediations_own_meeting_and_agreement(
    suite: RunningSuite,
) -> None:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    steps = ThreadSteps(client, suite.bootstrap)
    transfer, mail = minor_and_victim_transfer(suite)
    try:
        mediator_id = (await steps.appoint_mediator())["mediator_id"]
        await steps.wait_on_roster(mediator_id)
        await send_referral(suite.bootstrap, transfer, client.traceparent())
        case_id = await steps.wait_registered(transfer.sender_reference)
    finally:
        await client.close()
    leader, mediator = ("office_leader", "leader"), ("mediator", mediator_id)

    async with httpx.AsyncClient(timeout=10.0) as http:

        async def post(path: str, body: Any, role: tuple[str, str]) -> dict[str, Any]:
            response = await http.post(
                f"{MEDIATION}{path}", json=body, headers=bearer(suite, *role)
            )
            assert response.is_success, f"{path}: {response.status_code} {response.text}"
            return response.json() if response.content else {}

        async def opened() -> bool | None:
            got = await http.get(f"{MEDIATION}/cases/{case_id}", headers=bearer(suite, *leader))
            return True if got.status_code == 200 else None

        await eventually(opened, "mediation to open the case")
        await post(f"/cases/{case_id}/mediators", {"mediator_ids": [mediator_id]}, leader)
        meeting = await post(
            f"/cases/{case_id}/meetings",
            {
                "kind": "mediation_meeting",
                "starts_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
                "participants": [
                    {"person_ref": "offender", "role": "party"},
                    {"person_ref": "victim-1", "role": "party"},
                    {"person_ref": mediator_id, "role": "mediator"},
                ],
            },
            leader,
        )
        agreement = await post(
            f"/cases/{case_id}/agreements",
            {
                "meeting_id": meeting["id"],
                "in_writing": True,
                "signed_by": ["offender", "victim-1"],
                "guardians_approving": ["guardian-offender-1"],
                "performances": [
                    {
                        "kind": "apology",
                        "scope": "a written apology",
                        "due_on": (date.today() + timedelta(days=60)).isoformat(),
                        "owed_by": "offender",
                        "owed_to": "victim-1",
                    }
                ],
                "final_settlement": True,
            },
            mediator,
        )
        await post(
            f"/cases/{case_id}/agreements/{agreement['id']}/decisions",
            {"approves": True, "in_writing": True},
            mediator,
        )

    def withdrawal_notice(address: str) -> list[Any]:
        return [m for m in mails_to(suite, address) if "trekke deg" in str(m["Subject"])]

    async def all_told() -> bool | None:
        told = all(withdrawal_notice(mail[who]) for who in ("offender", "victim", "guardian"))
        guardian_notified = any(
            "melding om møte" in str(m["Subject"]) for m in mails_to(suite, mail["guardian"])
        )
        return True if told and guardian_notified else None

    await eventually(all_told, "the §18 notices and the §11 guardian notice", timeout=90)
    await asyncio.sleep(QUIET_SECONDS)
    for who in ("offender", "victim", "guardian"):
        [notice] = withdrawal_notice(mail[who])
        assert "§18" in text_of(notice), who
    [guardian_notice] = [
        m for m in mails_to(suite, mail["guardian"]) if "melding om møte" in str(m["Subject"])
    ]
    assert "§11 second para" in text_of(guardian_notice)
