"""A person's access request through the running suite (GDPR art. 15): an offender in one
case, a victim in another and a mediator candidate, gathered by the operator tool from every
service's API into one document; then their erasure request, refused for the cases under way
with its provision and reason (art. 17(3)(b)), and carried out for the application never
appointed."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from suite_support import RunningSuite

from devtools.suite import service
from devtools.suite_client import TracedClient, case_transferred, eventually, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import agencies
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

pytestmark = pytest.mark.e2e

SERVICES = ("referral", "mediation", "youth_plan", "vetting", "notification")


def someone() -> str:
    """A synthetic person no other test of the session uses."""
    born = date(1985, 1, 1) + timedelta(days=secrets.randbelow(5000))
    return synthetic_national_id(born, 100 + secrets.randbelow(340))  # 000–499: born 19xx


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


async def transfer(steps: ThreadSteps, offender_id: str, victim_id: str | None) -> str:
    reference = f"POL-{secrets.token_hex(4).upper()}"
    referral = case_transferred(agencies.Reaction.MEDIATION, reference, "prosecution-oslo")
    offender = referral.offender.model_copy(update={"national_id": offender_id})
    victims = (
        [agencies.Victim(national_id=victim_id, name="Synthetic Victim", consents=True)]
        if victim_id
        else []
    )
    referral = referral.model_copy(update={"offender": offender, "victims": victims})
    await send_referral(
        steps.bootstrap_servers, referral, steps.client.traceparent(), sender="prosecution-oslo"
    )
    case_id = await steps.wait_registered(reference)

    async def opened() -> bool | None:
        got = await steps.client.call(
            "GET", f"{steps.mediation}/cases/{case_id}", roles=("office_leader",)
        )
        return True if got.status_code == 200 else None

    await eventually(opened, "mediation to open the case")
    return case_id


async def candidate(steps: ThreadSteps, national_id: str) -> str:
    applied = await steps.client.call(
        "POST",
        f"{steps.vetting}/applications",
        roles=("office_leader",),
        body={
            "office": "konfliktradet-oslo",
            "municipality": "0301",
            "candidate": {
                "name": "Synthetic Candidate",
                "birth_date": "1980-05-17",
                "citizenship": "NO",
                "lives_in_municipality": True,
                "national_id": national_id,
            },
        },
    )
    assert applied.status_code == 201, applied.text
    application_id: str = applied.json()["application_id"]
    return application_id


async def operator(suite: RunningSuite, *args: str) -> tuple[int, str]:
    defaults = ServiceSettings(service_name="e2e", http_port=0)
    token = mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject="dpo-e2e",
        roles=("data_protection_officer",),
        office=None,
    )
    env = {
        **os.environ,
        "OPERATOR_DPO_TOKEN": token,
        "COLUMNS": "2000",  # one line per outcome, so a reason is never split
        **{f"OPERATOR_{name.upper()}_URL": service(name).base_url for name in SERVICES},
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "konfliktrad_operator",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_gdpr_art15_an_offender_victim_and_candidate_is_gathered_from_every_service(
    suite: RunningSuite, steps: ThreadSteps, tmp_path: Path
) -> None:
    person, other = someone(), someone()
    as_offender = await transfer(steps, person, None)
    as_victim = await transfer(steps, other, person)
    application_id = await candidate(steps, person)

    code, printed = await operator(
        suite, "access-request", person, "--out", str(tmp_path / "innsyn")
    )
    assert code == 0, printed
    assert person not in printed  # the tool's own output names no one
    document: dict[str, Any] = json.loads((tmp_path / "innsyn.json").read_text())
    assert document["complete"], document["unanswered"]
    held = document["holdings"]

    def of(service_name: str) -> list[dict[str, Any]]:
        return [entry for entry in held if entry["service"] == service_name]

    assert {(e["case_id"], e["held"]["role"]) for e in of("referral")} == {
        (as_offender, "offender"),
        (as_victim, "victim"),
    }
    assert [e["record_id"] for e in of("vetting")] == [application_id]
    assert {(e["case_id"], e["party_id"]) for e in of("mediation")} == {
        (as_offender, "offender"),
        (as_victim, "victim-1"),
    }
    handed_over = (tmp_path / "innsyn.md").read_text()
    assert "## referral" in handed_over and "## vetting" in handed_over

    code, printed = await operator(suite, "erasure-request", person)
    assert code == 0, printed
    assert printed.count("refused") == 2 and "17(3)(b)" in printed and "under way" in printed
    # The cases under way are still answered for; the application never appointed is gone.
    for case_id in (as_offender, as_victim):
        read = await steps.client.call(
            "GET", f"{steps.referral}/cases/{case_id}", roles=("case_officer",)
        )
        assert read.status_code == 200
    gone = await steps.client.call(
        "GET", f"{steps.vetting}/applications/{application_id}", roles=("office_leader",)
    )
    assert gone.status_code == 404
