"""No object of one office (or one mediator) is reachable by another (broken object-level
authorisation), over every operation with an id in its path of every service.

Each operation comes from the running service's OpenAPI document; its body, query and any
path parameter that is not an id are generated from the operation's schema (Schemathesis,
positive: what the schema accepts), its ids are real ones of objects another office owns,
created through the suite first. A request that validation turns away never reaches the
office check and proves nothing, so each operation must have answered at least once past
validation; every such answer must be 404 or 403.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from suite_support import RunningSuite
from test_api_fuzzing import OTHER_OFFICE, ROLES, TEST_ONLY, token

from devtools.mediation_thread import LEADER, SENDER, Mediation, adult_parties
from devtools.suite import SERVICES
from devtools.suite_client import OFFICE, TracedClient, eventually, send_referral
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.nul_guard import REASON as NUL_REASON
from konfliktrad_shared.settings import ServiceSettings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

EXAMPLES = 8  # per operation and stranger: enough for one to pass validation
REFUSED = frozenset({403, 404})
# An office's staff, without the roles no office holds alone: the agencies read the cases
# reported to them whatever the office (§20 second para), and the secretariat is national and
# decides between offices that disagree on a move (§13 second para).
NOT_AN_OFFICE = frozenset({"prosecution", "correctional_service", "secretariat"})
OFFICE_ROLES = tuple(role for role in ROLES if role not in NOT_AN_OFFICE)


@dataclass
class Tally:
    """What one stranger got from one service."""

    operations: list[str] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)  # answered past validation
    successes: list[str] = field(default_factory=list)
    other_answers: list[str] = field(default_factory=list)  # past validation, not 403/404
    requests: int = 0


def turned_away_by_validation(response: httpx.Response) -> bool:
    if response.status_code != 422:
        return False
    try:
        detail = response.json().get("detail")
    except ValueError:
        return False
    return isinstance(detail, list) or detail == NUL_REASON


def probe(base_url: str, ids: dict[str, str], bearer: str, only: str | None) -> Tally:
    """Every id-bearing operation of one service, called with `ids` by `bearer`."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        if "{" not in operation.path or operation.path in TEST_ONLY:
            continue
        if only is not None and not operation.path.startswith(only):
            continue
        names = [p.name for p in operation.path_parameters]
        unknown = [name for name in names if name not in ids and name not in GENERATED]
        assert not unknown, f"{operation.label}: no real id for {unknown}: add one"
        fixed = {name: ids[name] for name in names if name in ids}
        tally.operations.append(operation.label)
        call_all(operation, fixed, base_url, bearer, tally)
    return tally


# Path parameters that name no object (a step of a fixed list): generated from the schema.
GENERATED = frozenset({"step"})


def call_all(
    operation: Any, fixed: dict[str, str], base_url: str, bearer: str, tally: Tally
) -> None:
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy(path_parameters=fixed))
    def call(case: Any) -> None:
        response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {bearer}"})
        tally.requests += 1
        if turned_away_by_validation(response):
            return
        tally.reached.add(operation.label)
        if 200 <= response.status_code < 300:
            tally.successes.append(f"{operation.label} → {response.status_code}")
        elif response.status_code not in REFUSED:
            tally.other_answers.append(
                f"{operation.label} → {response.status_code}: {response.text[:120]}"
            )

    call()


@dataclass(frozen=True)
class Owned:
    """Real objects of OFFICE: ids by path parameter name, for each service."""

    by_service: dict[str, dict[str, str]]
    mediator_id: str


@pytest.fixture(scope="module")
async def owned(suite: RunningSuite) -> AsyncIterator[Owned]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        steps = ThreadSteps(client, suite.bootstrap)
        appointed = await steps.appoint_mediator()
        mediator_id = appointed["mediator_id"]
        await steps.wait_on_roster(mediator_id)
        reference = f"BOLA-{secrets.token_hex(4).upper()}"
        transfer = adult_parties(reference, suite.standins)
        await send_referral(suite.bootstrap, transfer, client.traceparent(), sender=SENDER)
        case_id = await steps.wait_registered(reference)

        async def opened() -> bool | None:
            got = await client.call("GET", f"{steps.mediation}/cases/{case_id}", roles=LEADER)
            return True if got.status_code == 200 else None

        await eventually(opened, "mediation to open the case")
        mediation = Mediation(steps, case_id, mediator_id)
        await mediation.post("/mediators", {"mediator_ids": [mediator_id]}, as_mediator=False)
        meeting_id = await mediation.schedule()
        agreement_id = await mediation.agree(meeting_id)
        youth_case = await steps.wait_registered(
            await steps.transfer_case(Reaction.YOUTH_FOLLOW_UP)
        )
        await steps.wait_opened(youth_case)
        ids = {
            "case_id": case_id,
            "meeting_id": meeting_id,
            "agreement_id": agreement_id,
            "application_id": appointed["application_id"],
            "mediator_id": mediator_id,
            "office": OFFICE,
        }
        yield Owned(
            by_service={service.name: ids for service in SERVICES}
            | {"youth_plan": ids | {"case_id": youth_case}},
            mediator_id=mediator_id,
        )
    finally:
        await client.close()


def another_mediator(suite: RunningSuite) -> str:
    """A mediator of the same office, not assigned to the case."""
    defaults = ServiceSettings(service_name="bola", http_port=0)
    return mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject=f"mediator-{secrets.token_hex(4)}",
        roles=("mediator",),
        office=OFFICE,
    )


async def tally_every_service(
    owned: Owned, bearer: str, services: list[Any], only: str | None = None
) -> dict[str, Tally]:
    found = {}
    for service in services:
        ids = owned.by_service[service.name]
        found[service.name] = await asyncio.to_thread(probe, service.base_url, ids, bearer, only)
    return found


def report(tallies: dict[str, Tally]) -> str:
    return "; ".join(
        f"{name}: {len(t.operations)} operations, {len(t.reached)} reached past validation, "
        f"{t.requests} requests, {len(t.successes)} successes, {len(t.other_answers)} other"
        for name, t in tallies.items()
    )


def assert_refused_everywhere(tallies: dict[str, Tally]) -> None:
    print(report(tallies))
    assert sum(len(t.operations) for t in tallies.values()) > 0
    unreached = [op for t in tallies.values() for op in t.operations if op not in t.reached]
    assert unreached == [], f"no generated request passed validation: {unreached}"
    successes = [s for t in tallies.values() for s in t.successes]
    assert successes == [], successes
    others = [s for t in tallies.values() for s in t.other_answers]
    assert others == [], others


async def test_another_office_reaches_no_object_of_any_service(
    suite: RunningSuite, owned: Owned
) -> None:
    # Every role of an office's staff, in another office.
    stranger = token(suite, OTHER_OFFICE, roles=OFFICE_ROLES)
    assert_refused_everywhere(await tally_every_service(owned, stranger, list(SERVICES)))


async def test_another_mediator_reaches_no_case_of_one_they_do_not_mediate(
    suite: RunningSuite, owned: Owned
) -> None:
    mediation = [s for s in SERVICES if s.name == "mediation"]
    tallies = await tally_every_service(owned, another_mediator(suite), mediation, "/cases")
    assert_refused_everywhere(tallies)
