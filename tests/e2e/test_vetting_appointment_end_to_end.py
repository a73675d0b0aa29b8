"""Issue 6: only current mediators are assigned. A mediator vetting appointed is assigned in
mediation; after a revocation (§4 fifth para), or once the four-year term has run out (§4
fourth para), mediation refuses them — and the term's end is a durable deadline that a killed
and restarted vetting process still fires, once."""

from __future__ import annotations

import asyncio
import secrets
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from suite_support import QUIET_SECONDS, RunningSuite, messages_about

from devtools.bench_suite import fresh_consumer_groups
from devtools.suite import ServiceProcess, Suite
from devtools.suite_client import TracedClient, eventually
from devtools.thread_steps import ThreadSteps
from devtools.up_cli import local_env
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.crypto import generate_key

pytestmark = pytest.mark.e2e

LEADER = ("office_leader",)
COMMITTEE = ("appointment_committee",)
EXPIRED = "no.konfliktraadet.vetting.mediator_term_expired.v1"
REVOKED = "no.konfliktraadet.vetting.mediator_revoked.v1"


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


async def mediation_case(steps: ThreadSteps) -> str:
    """A prosecution transfer to mediation, opened by the mediation service."""
    case_id = await steps.wait_registered(await steps.transfer_case(Reaction.MEDIATION))

    async def opened() -> bool | None:
        got = await steps.client.call("GET", f"{steps.mediation}/cases/{case_id}", roles=LEADER)
        return True if got.status_code == 200 else None

    await eventually(opened, "mediation to open the case")
    return case_id


async def assign(steps: ThreadSteps, case_id: str, mediator_id: str) -> Any:
    return await steps.client.call(
        "POST",
        f"{steps.mediation}/cases/{case_id}/mediators",
        roles=LEADER,
        body={"mediator_ids": [mediator_id]},
    )


async def test_a_revoked_mediator_is_refused_by_mediation(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    mediator_id = (await steps.appoint_mediator())["mediator_id"]
    await steps.wait_on_roster(mediator_id)
    first, second = await mediation_case(steps), await mediation_case(steps)
    assigned = await assign(steps, first, mediator_id)
    assert assigned.status_code == 204, assigned.text

    revoked = await steps.client.call(
        "POST",
        f"{steps.vetting}/mediators/{mediator_id}/revocations",
        roles=COMMITTEE,
        body={
            "requirement": "record",
            "self_reported": True,
            "committee": {  # §4 fifth para: the committee decides, as it appoints
                "municipal_member": "Oslo bystyre",
                "police_member": "Oslo politidistrikt",
                "office_leader": "Konfliktrådet i Oslo",
            },
            "record_entry": {"reaction": "youth_sentence", "final_on": "2026-01-15"},
        },
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["end_basis"] == (
        "konfliktrådsloven §4 fifth para, konfliktrådsloven §6 first para no. 7"
    )

    async def refused() -> Any:
        answer = await assign(steps, second, mediator_id)
        return answer if answer.status_code == 422 else None

    refusal = (await eventually(refused, "mediation to refuse the revoked mediator")).json()
    # Until mediation has consumed the revocation it may still assign (204): the probe repeats.
    assert "§14" in refusal["legal_basis"]
    assert "§4 fifth para" in refusal["legal_basis"] + refusal["reason"], "refused as revoked"
    published = await messages_about(suite.operator, topics.VETTING_EVENTS, mediator_id)
    assert [h["ce_type"] for h, _ in published].count(REVOKED) == 1
    assert all(b"youth_sentence" not in value for _, value in published), "record stays in vetting"


# -- the term's end: a vetting and a mediation of this test's own, so their clocks can move --

OWN_VETTING = ServiceProcess("vetting", "vetting.main:run", 8014, "VETTING_")
OWN_MEDIATION = ServiceProcess("mediation", "mediation.main:run", 8012, "MEDIATION_")
FOUR_YEARS_AND_A_DAY = 4 * 365 + 2  # past the fourth anniversary, whatever the leap days


Start = Callable[..., Awaitable[Suite]]


@pytest.fixture
async def own_services(
    suite: RunningSuite,
    database_factory: Callable[[str], str],
    tmp_path: Path,
) -> AsyncIterator[Start]:
    """`start(process, **extra_env)`: one of this test's own processes, stopped at the end."""
    env = {
        **local_env(tmp_path, suite.bootstrap),
        # On PostgreSQL each is told its principal's password file and the CA.
        **suite.bus.env("VETTING_", "vetting"),
        **suite.bus.env("MEDIATION_", "mediation"),
        "VETTING_HTTP_PORT": str(OWN_VETTING.port),
        "VETTING_DATABASE_URL": database_factory("vetting_term"),
        "VETTING_FIELD_KEYS": f"e2e:{generate_key()}",
        "VETTING_BLIND_INDEX_KEY": generate_key(),
        "VETTING_DEADLINE_POLL_SECONDS": "0.2",
        "VETTING_AUTH_JWKS_FILE": str(suite.keys.jwks),
        "MEDIATION_HTTP_PORT": str(OWN_MEDIATION.port),
        "MEDIATION_DATABASE_URL": database_factory("mediation_term"),
        "MEDIATION_FIELD_KEYS": f"e2e:{generate_key()}",
        "MEDIATION_BLIND_INDEX_KEY": generate_key(),
        # Placed at the topics' end: a new group from the earliest offset would replay the
        # broker's whole history before this test's own messages.
        "MEDIATION_CONSUMER_GROUP": (
            await fresh_consumer_groups(suite.bootstrap, secrets.token_hex(4), "term")
        )["MEDIATION_CONSUMER_GROUP"],
        "MEDIATION_TEST_CLOCK_ENABLED": "true",
        "MEDIATION_AUTH_JWKS_FILE": str(suite.keys.jwks),
    }
    running: list[Suite] = []

    async def start(process: ServiceProcess, **extra_env: str) -> Suite:
        processes = Suite({**env, **extra_env}, log_dir=tmp_path / "logs")
        running.append(processes)
        processes.start_one(process)
        await ready(process, processes, tmp_path / "logs")
        return processes

    try:
        yield start
    finally:
        for processes in running:
            processes.stop()


async def ready(process: ServiceProcess, processes: Suite, logs: Path) -> None:
    """`Suite.wait_ready` knows only the suite's own ports: this polls the process's own."""

    async def answered() -> bool | None:
        if processes.processes[process.name].poll() is not None:
            raise RuntimeError(f"{process.name} exited; see {logs}")
        try:
            async with httpx.AsyncClient(timeout=2.0) as client:
                response = await client.get(f"{process.base_url}/readyz")
        except httpx.HTTPError:
            return None
        return True if response.status_code == 200 else None

    await eventually(answered, f"{process.name} on port {process.port}", timeout=90)


async def test_the_term_ends_across_a_restart_and_mediation_refuses(
    suite: RunningSuite, steps: ThreadSteps, own_services: Start
) -> None:
    vetting = await own_services(OWN_VETTING)
    await own_services(OWN_MEDIATION)
    steps.vetting, steps.mediation = OWN_VETTING.base_url, OWN_MEDIATION.base_url
    appointed = await steps.appoint_mediator()
    mediator_id, term_ends = appointed["mediator_id"], appointed["term_ends"]
    await steps.wait_on_roster(mediator_id)
    case_id = await mediation_case(steps)
    assert (await assign(steps, case_id, mediator_id)).status_code == 204

    # Killed without warning; started again with its clock past the term's end. Only the
    # deadlines table remembers that the term ends.
    vetting.kill(OWN_VETTING.name, signal.SIGKILL)
    await own_services(OWN_VETTING, VETTING_CLOCK_OFFSET_DAYS=str(FOUR_YEARS_AND_A_DAY))

    async def expired() -> list[Any] | None:
        found = await messages_about(suite.operator, topics.VETTING_EVENTS, mediator_id)
        kinds = [headers["ce_type"] for headers, _ in found]
        return kinds if EXPIRED in kinds else None

    await eventually(expired, "vetting to publish the term's end", timeout=60)
    await asyncio.sleep(QUIET_SECONDS)
    assert (await expired() or []).count(EXPIRED) == 1, "the deadline fires once"
    got = await steps.client.call("GET", f"{steps.vetting}/mediators/{mediator_id}", roles=LEADER)
    assert (got.json()["status"], got.json()["ended_on"]) == ("expired", term_ends)

    moved = await steps.client.call(
        "PUT",
        f"{steps.mediation}/test-clock",
        roles=LEADER,
        body={"now": f"{term_ends}T12:00:00+01:00"},
    )
    assert moved.status_code == 200, moved.text
    second_case = await mediation_case(steps)
    refused = await assign(steps, second_case, mediator_id)
    assert refused.status_code == 422, refused.text
    assert "§4 fourth para" in refused.json()["legal_basis"]
