"""Issue 3 over HTTP against the running suite: a civil case filed and found suitable (§10)
is handed on with sealed contacts; bad filings get a 422 naming the provision and leave no
case; a postponement reaches the prosecution's topic (§20); a corrected referral updates the
case with the change in the audit trail; another office's case officer sees none of it."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from suite_support import RunningSuite, messages_about

from devtools.suite_client import OFFICE, TracedClient, case_transferred, eventually, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

pytestmark = pytest.mark.e2e

CLAIMANT_ID = synthetic_national_id(date(1984, 2, 3))
REGISTERED = "no.konfliktraadet.referral.registered.v1"
POSTPONED = "no.konfliktraadet.referral.postponed.v1"
CORRECTED = "no.konfliktraadet.referral.corrected.v1"


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


def civil_filing(reference: str, **changes: Any) -> dict[str, Any]:
    party = {"name": "Synthetic Claimant", "municipality": "0301", "consents": True}
    filing = {
        "sender_reference": reference,
        "submitted_by": "party",
        "submitter": "the claimant",
        "harm": "loss",
        "incident_date": "2026-08-01",
        "claimant": {**party, "national_id": CLAIMANT_ID, "email": "claimant@example.no"},
        "respondents": [{**party, "name": "Synthetic Respondent", "birth_date": "1990-01-01"}],
    }
    return {**filing, **changes}


async def post(steps: ThreadSteps, path: str, body: Any, *roles: str) -> httpx.Response:
    return await steps.client.call("POST", f"{steps.referral}{path}", roles=roles, body=body)


async def get(steps: ThreadSteps, path: str) -> Any:
    response = await steps.client.call("GET", f"{steps.referral}{path}", roles=("case_officer",))
    response.raise_for_status()
    return response.json()


async def test_par10_a_civil_case_found_suitable_is_handed_on_with_sealed_contacts(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    reference = f"CIV-{secrets.token_hex(4).upper()}"
    filed = await post(steps, "/civil-cases", civil_filing(reference), "case_officer")
    assert filed.status_code == 201, filed.text
    case = filed.json()
    assert (case["status"], case["office"]) == ("awaiting_suitability", OFFICE)

    decided = await post(
        steps, f"/cases/{case['case_id']}/suitability", {"suitable": True}, "office_leader"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "registered"

    [(_, value)] = [
        message
        for message in await messages_about(suite.operator, topics.REFERRAL_EVENTS, case["case_id"])
        if message[0]["ce_type"] == REGISTERED
    ]
    registered = json.loads(value)
    assert (registered["decision_basis"], registered["decided_by"]) == ("civil", "office_leader")
    assert [p["role"] for p in registered["parties"]] == ["claimant", "respondent"]
    assert all(p["sealed_contact"] for p in registered["parties"])
    assert CLAIMANT_ID not in value.decode() and "Synthetic" not in value.decode()

    trail = await get(steps, f"/cases/{case['case_id']}/audit")
    assert [(e["action"], e["legal_basis"]) for e in trail] == [
        ("filed", "konfliktrådsloven §1 first para"),
        ("found_suitable", "konfliktrådsloven §10 first para"),
    ]


@pytest.mark.parametrize(
    ("changes", "status", "says"),
    [
        ({"claimant": {"name": "X", "municipality": "9998", "consents": True}}, 422, "§13"),
        (
            {"claimant": {"name": "X", "municipality": "0301", "consents": True,
                          "national_id": "01010112345"}},
            422,
            "national_id",
        ),
        ({"respondents": [{"name": "Y", "municipality": "0301", "consents": False}]}, 422, "§11"),
    ],
)  # fmt: skip
async def test_bad_civil_filings_get_422_with_the_reason_and_leave_no_case(
    steps: ThreadSteps, changes: dict[str, Any], status: int, says: str
) -> None:
    reference = f"CIV-{secrets.token_hex(4).upper()}"
    refused = await post(steps, "/civil-cases", civil_filing(reference, **changes), "case_officer")
    assert refused.status_code == status and says in refused.text, refused.text
    assert await get(steps, f"/cases?sender_reference={reference}") == []


async def test_par20_first_para_a_postponement_reaches_the_prosecution_with_the_date(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    reference = f"POL-{secrets.token_hex(4).upper()}"
    await send_referral(
        suite.bootstrap, case_transferred(Reaction.MEDIATION, reference), steps.client.traceparent()
    )
    case_id = await steps.wait_registered(reference)
    expected = (date.today() + timedelta(days=30)).isoformat()
    postponed = await post(
        steps,
        f"/cases/{case_id}/postponement",
        {"expected_on": expected, "reason": "no mediator free"},
        "case_officer",
    )
    assert postponed.status_code == 200 and postponed.json()["postponed_until"] == expected

    reports = [
        json.loads(value)
        for headers, value in await messages_about(suite.operator, topics.PROSECUTION, case_id)
        if headers["ce_type"] == POSTPONED
    ]
    assert [(r["expected_on"], r["legal_basis"]) for r in reports] == [
        (expected, "konfliktrådsloven §20 first para")
    ]


async def test_a_corrected_referral_updates_the_case_and_its_audit_trail(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    reference = f"POL-{secrets.token_hex(4).upper()}"
    original = case_transferred(Reaction.YOUTH_FOLLOW_UP, reference)
    await send_referral(suite.bootstrap, original, steps.client.traceparent())
    case_id = await steps.wait_registered(reference)

    corrected = original.model_copy(update={"execution_months": 9})
    await send_referral(suite.bootstrap, corrected, steps.client.traceparent())

    async def trail_with_correction() -> list[dict[str, Any]] | None:
        trail: list[dict[str, Any]] = await get(steps, f"/cases/{case_id}/audit")
        return trail if any(e["action"] == "corrected" for e in trail) else None

    trail = await eventually(trail_with_correction, "the correction in the audit trail")
    assert [(e["action"], e["detail"]) for e in trail] == [
        ("registered", ""),
        ("corrected", "execution_months"),
    ]
    assert (await get(steps, f"/cases/{case_id}"))["execution_months"] == 9
    corrections = await messages_about(suite.operator, topics.REFERRAL_EVENTS, case_id)
    assert [h["ce_type"] for h, _ in corrections].count(CORRECTED) == 1


async def test_another_offices_case_officer_neither_reads_nor_finds_the_case(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    reference = f"POL-{secrets.token_hex(4).upper()}"
    await send_referral(
        suite.bootstrap, case_transferred(Reaction.MEDIATION, reference), steps.client.traceparent()
    )
    case_id = await steps.wait_registered(reference)
    defaults = ServiceSettings(service_name="e2e", http_port=0)
    stranger = mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject="case-officer-bergen",
        roles=["case_officer"],
        office="konfliktradet-vestland",
    )
    headers = {"authorization": f"Bearer {stranger}"}
    async with httpx.AsyncClient(base_url=steps.referral) as http:
        assert (await http.get(f"/cases/{case_id}", headers=headers)).status_code == 404
        assert (await http.get(f"/cases/{case_id}/audit", headers=headers)).status_code == 404
        found = await http.get(f"/cases?sender_reference={reference}", headers=headers)
        assert found.status_code == 200 and found.json() == []


def case_officer_of(suite: RunningSuite, office: str) -> dict[str, str]:
    defaults = ServiceSettings(service_name="e2e", http_port=0)
    token = mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject=f"case-officer-{office}",
        roles=["case_officer"],
        office=office,
    )
    return {"authorization": f"Bearer {token}"}


async def test_a_civil_filing_reaches_no_case_of_another_office_or_kind_by_its_reference(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    """A Finnmark case officer filing under an Oslo police reference gets a civil case of
    their own, not the criminal one; under an Oslo civil reference, a 409 that names nothing."""
    police_reference = f"POL-{secrets.token_hex(4).upper()}"
    await send_referral(
        suite.bootstrap,
        case_transferred(Reaction.MEDIATION, police_reference),
        steps.client.traceparent(),
    )
    criminal_id = await steps.wait_registered(police_reference)
    finnmark = case_officer_of(suite, "konfliktradet-finnmark")
    alta = {"name": "Synthetic Claimant", "municipality": "5601", "consents": True}
    in_alta = {"claimant": {**civil_filing("x")["claimant"], **alta}}
    async with httpx.AsyncClient(base_url=steps.referral, timeout=10.0) as http:
        filed = await http.post(
            "/civil-cases", json=civil_filing(police_reference, **in_alta), headers=finnmark
        )
        assert filed.status_code == 201, filed.text
        assert filed.json()["case_id"] != criminal_id
        assert filed.json()["kind"] == "civil"

        oslo_reference = f"CIV-{secrets.token_hex(4).upper()}"
        oslo = await post(steps, "/civil-cases", civil_filing(oslo_reference), "case_officer")
        assert oslo.status_code == 201, oslo.text
        refused = await http.post(
            "/civil-cases", json=civil_filing(oslo_reference, **in_alta), headers=finnmark
        )
        assert refused.status_code == 409
        assert refused.json() == {"detail": "sender reference already in use"}
        again = await post(steps, "/civil-cases", civil_filing(oslo_reference), "case_officer")
        assert again.json()["case_id"] == oslo.json()["case_id"]
