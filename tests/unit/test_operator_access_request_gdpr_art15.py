"""The operator's access request: referral's (case, party) pairs are what the pseudonymous
services are asked for, and a service that does not answer makes the document incomplete
rather than silently shorter (GDPR art. 15: the person is told all that is held)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from konfliktrad_operator import access_request

URLS = access_request.ServiceUrls(
    **{f"{name}_url": f"http://{name}" for name in ("referral", "mediation", "youth_plan")},
    vetting_url="http://vetting",
    notification_url="http://notification",
)


def holding(service: str, **fields: Any) -> dict[str, Any]:
    return {
        "service": service,
        "record": "case party",
        "record_id": fields.get("case_id", "a-1"),
        "office": "konfliktradet-oslo",
        "purpose": "konfliktrådsloven §1",
        "held": {"role": "offender"},
        **fields,
    }


def test_gdpr_art15_pseudonymous_services_are_asked_for_referrals_parties() -> None:
    asked: dict[str, Any] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        asked[host] = json.loads(request.content)
        assert request.headers["Authorization"] == "Bearer t"
        if host == "referral":
            return httpx.Response(
                200, json=[holding("referral", case_id="c-1", party_id="offender")]
            )
        if host == "notification":
            return httpx.Response(503)
        return httpx.Response(200, json=[])

    async def run() -> access_request.AccessDocument:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
            return await access_request.gather("14831051222", URLS, "t", client)

    document = asyncio.run(run())
    assert asked["mediation"] == {"parties": [{"case_id": "c-1", "party_id": "offender"}]}
    assert asked["vetting"] == {"national_id": "14831051222"}
    assert document.unanswered == {"notification": "HTTP 503"}
    rendered = json.loads(access_request.as_json(document))
    assert rendered["complete"] is False and len(rendered["holdings"]) == 1
    markdown = access_request.as_markdown(document)
    assert "**Incomplete**" in markdown and "## referral" in markdown
