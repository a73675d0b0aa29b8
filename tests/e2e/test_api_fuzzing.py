"""Quality bar, security scenario 9, against every running service's OpenAPI document:

- generated requests (Schemathesis, with a token holding every role of the caller's office)
  for every operation: 0 server errors;
- (every operation on one object, called by another office: `test_cross_office_access`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from suite_support import RunningSuite

from devtools.suite import SERVICES
from devtools.suite_client import OFFICE
from konfliktrad_shared.devkeys import mint_token
from konfliktrad_shared.settings import ServiceSettings

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

EXAMPLES = 25
ROLES = (
    "case_officer",
    "office_leader",
    "secretariat",
    "mediator",
    "youth_coordinator",
    "committee",
    "appointment_committee",
    "operator",
    "prosecution",  # the agencies read a case's documents (mediation, §20 second para)
    "correctional_service",
)
OTHER_OFFICE = "konfliktradet-nordland"
# Routes that exist only in a test deployment: moving mediation's clock to the year 620 would
# only break the other e2e tests sharing the suite.
TEST_ONLY = {"/test-clock"}


def token(suite: RunningSuite, office: str) -> str:
    defaults = ServiceSettings(service_name="fuzz", http_port=0)
    return mint_token(
        suite.keys.private_key.read_bytes(),
        suite.keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject=f"fuzzer-{office}",
        roles=ROLES,
        office=office,
    )


def server_errors(base_url: str, bearer: str) -> list[str]:
    """Every operation of one service, fuzzed; the 5xx answers found."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path not in TEST_ONLY:
            fuzz_one(operation, base_url, bearer, found)
    return found


def fuzz_one(operation: Any, base_url: str, bearer: str, found: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {bearer}"})
        if response.status_code >= 500:
            found.append(f"{operation.label} → {response.status_code}: {response.text[:200]}")

    call()


@pytest.mark.parametrize("service", [s for s in SERVICES if s.name != "correctional_adapter"])
async def test_security_9_no_generated_request_makes_a_server_error(
    suite: RunningSuite, service: Any
) -> None:
    found = await asyncio.to_thread(server_errors, service.base_url, token(suite, OFFICE))
    assert found == [], "\n".join(found[:20])
