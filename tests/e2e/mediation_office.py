"""The mediation service as the office's staff use it: a leader or a mediator with a token of
their own (the suite's development keys), for e2e tests that go through meetings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from suite_support import RunningSuite

from devtools.suite import service
from devtools.suite_client import OFFICE, eventually
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

MEDIATION = service("mediation").base_url


class Mediation:
    def __init__(self, suite: RunningSuite, http: httpx.AsyncClient) -> None:
        self.suite, self.http = suite, http

    def bearer(self, role: str, subject: str) -> dict[str, str]:
        defaults = ServiceSettings(service_name="e2e", http_port=0)
        token = mint_token(
            self.suite.keys.private_key.read_bytes(),
            self.suite.keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=subject,
            roles=(role,),
            office=OFFICE,
        )
        return {"authorization": f"Bearer {token}"}

    async def post(self, path: str, body: Any, role: str, subject: str) -> httpx.Response:
        response = await self.http.post(
            f"{MEDIATION}{path}", json=body, headers=self.bearer(role, subject)
        )
        assert response.is_success, f"{path}: {response.status_code} {response.text}"
        return response

    async def get(self, path: str, role: str, subject: str) -> httpx.Response:
        response = await self.http.get(f"{MEDIATION}{path}", headers=self.bearer(role, subject))
        assert response.is_success, f"{path}: {response.status_code} {response.text}"
        return response

    async def wait_opened(self, case_id: str) -> None:
        async def opened() -> bool | None:
            got = await self.http.get(
                f"{MEDIATION}/cases/{case_id}", headers=self.bearer("office_leader", "leader")
            )
            return True if got.status_code == 200 else None

        await eventually(opened, "mediation to open the case")

    async def schedule(self, case_id: str, mediator_id: str) -> str:
        """A mediation meeting tomorrow with the offender, the victim and the mediator."""
        meeting = await self.post(
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
            "office_leader",
            "leader",
        )
        meeting_id: str = meeting.json()["id"]
        return meeting_id
