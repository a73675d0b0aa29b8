"""Issue 3: a prosecution transfer on `konfliktrad.referrals.v1` becomes one case in the right
office, handed to the right service (mediation: mediation; youth_plan: youth follow-up, youth
sentence and follow-up in the office, §36), and the same referral delivered again, with the
same or a new ce_id, creates no second case."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest
from suite_support import QUIET_SECONDS, RunningSuite, messages_about, messages_where, payload

from devtools.suite_client import (
    DEFAULT_SENDER,
    OFFICE,
    TracedClient,
    case_transferred,
    eventually,
    send_referral,
)
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = pytest.mark.e2e

CASE_REGISTERED = "no.konfliktraadet.referral.registered.v1"
REFERRAL_REJECTED = "no.konfliktraadet.referral.rejected.v1"
YOUTH_CASE_OPENED = "no.konfliktraadet.youth_plan.youth_case_opened.v1"
READER_ROLES = {"mediation": ("office_leader",), "youth_plan": ("youth_coordinator",)}


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


async def cases_for(steps: ThreadSteps, reference: str) -> list[dict[str, Any]]:
    found = await steps.client.call(
        "GET", f"{steps.referral}/cases?sender_reference={reference}", roles=("case_officer",)
    )
    found.raise_for_status()
    cases: list[dict[str, Any]] = found.json()
    return cases


async def case_in(steps: ThreadSteps, service: str, case_id: str) -> tuple[int, Any]:
    base = steps.mediation if service == "mediation" else steps.youth_plan
    got = await steps.client.call("GET", f"{base}/cases/{case_id}", roles=READER_ROLES[service])
    return got.status_code, got.json()


async def registrations_of(reader: KafkaAccess, reference: str) -> list[dict[str, Any]]:
    """Every `referral_registered` on referral's topic whose payload has this sender reference."""

    def wanted(headers: dict[str, str], value: bytes) -> bool:
        return (
            headers.get("ce_type") == CASE_REGISTERED
            and payload(value).get("sender_reference") == reference
        )

    return [
        json.loads(value)
        for _, value in await messages_where(reader, topics.REFERRAL_EVENTS, wanted)
    ]


@pytest.mark.parametrize(
    ("reaction", "receiver", "bystander"),
    [
        (Reaction.MEDIATION, "mediation", "youth_plan"),
        (Reaction.YOUTH_FOLLOW_UP, "youth_plan", "mediation"),
        (Reaction.YOUTH_SENTENCE, "youth_plan", "mediation"),
        (Reaction.FOLLOW_UP, "youth_plan", "mediation"),
    ],
)
async def test_a_transfer_becomes_one_case_in_its_office_handed_to_one_service(
    suite: RunningSuite, steps: ThreadSteps, reaction: Reaction, receiver: str, bystander: str
) -> None:
    reference = f"POL-{secrets.token_hex(4).upper()}"
    transfer = case_transferred(reaction, reference)
    ce_id = await send_referral(suite.bootstrap, transfer, steps.client.traceparent())

    case_id = await steps.wait_registered(reference)
    [registered] = await cases_for(steps, reference)
    assert registered["office"] == OFFICE and registered["reaction"] == reaction.value

    async def received() -> dict[str, Any] | None:
        status, body = await case_in(steps, receiver, case_id)
        return body if status == 200 else None

    opened = await eventually(received, f"{receiver} to open the case")
    assert opened["office"] == OFFICE and opened["reaction"] == reaction.value

    # The same referral again: once as the very same message, once republished under a new id.
    assert (
        await send_referral(suite.bootstrap, transfer, steps.client.traceparent(), event_id=ce_id)
        == ce_id
    )
    assert await send_referral(suite.bootstrap, transfer, steps.client.traceparent()) != ce_id
    await asyncio.sleep(QUIET_SECONDS)

    assert [case["case_id"] for case in await cases_for(steps, reference)] == [case_id]
    registrations = await registrations_of(suite.operator, reference)
    assert [event["case_id"] for event in registrations] == [case_id], "registered once"
    assert registrations[0]["office"] == OFFICE
    assert registrations[0]["reaction"] == reaction.value
    assert (await case_in(steps, receiver, case_id))[0] == 200
    assert (await case_in(steps, bystander, case_id))[0] == 404, f"not opened by {bystander}"
    if receiver == "youth_plan":
        youth_events = await messages_about(suite.operator, topics.YOUTH_PLAN_EVENTS, case_id)
        opened_events = [h for h, _ in youth_events if h["ce_type"] == YOUTH_CASE_OPENED]
        assert len(opened_events) == 1, "youth_plan opened the case once"


async def test_s8_s23_first_para_a_37_month_youth_sentence_is_answered_not_dead_lettered(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    """The Act's limit is a rule, not the schema's: the prosecution gets the provision and the
    reason, and nothing about the referral reaches the dead-letter topic."""
    reference = f"POL-{secrets.token_hex(4).upper()}"
    too_long = case_transferred(Reaction.YOUTH_SENTENCE, reference).model_copy(
        update={"execution_months": 37, "prison_would_clearly_exceed_two_years": True}
    )
    await send_referral(suite.bootstrap, too_long, steps.client.traceparent())

    async def refusal() -> dict[str, Any] | None:
        found = await messages_where(
            suite.operator,
            topics.PROSECUTION,
            lambda headers, value: (
                headers.get("ce_type") == REFERRAL_REJECTED
                and payload(value).get("sender_reference") == reference
            ),
        )
        return json.loads(found[0][1]) if found else None

    rejected = await eventually(refusal, "the refusal at the prosecution's topic")
    assert rejected["legal_basis"] == "konfliktrådsloven §23 first para"
    assert "37 months is outside" in rejected["reason"]
    [case] = await cases_for(steps, reference)
    assert (case["status"], case["rejection_basis"]) == ("rejected", rejected["legal_basis"])
    dead = await messages_where(
        suite.operator,
        dead_letter_topic(topics.referrals_from(DEFAULT_SENDER)),
        lambda headers, _: headers.get("ce_subject") == reference,
    )
    assert dead == []
