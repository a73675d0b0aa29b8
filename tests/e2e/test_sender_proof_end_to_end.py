"""No sender can speak for another (quality bar, scenario 15), on the secured broker with the
whole suite running:

- police-bergen tries to correct, then to withdraw, a case police-oslo sent: both refused into
  police-bergen's own dead letters (`not_case_sender`), the case unchanged as case officers
  read it; police-oslo's own withdrawal then closes it;
- a record whose `ce_source` is not the sender its topic proves is dead-lettered
  (`sender_mismatch`), and the sender's next record is registered;
- a record on an internal topic from a principal that does not own it gets the broker's
  authorization error, and nothing of it is written.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
from aiokafka.errors import TopicAuthorizationFailedError
from fixtures.bus import Bus
from fixtures.topic_probe import Producer, eventually_true, headers_of, topic_records
from suite_support import RunningSuite

from devtools.suite_client import OFFICE, TracedClient, case_transferred, eventually
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.bus_rights import principal
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.envelope import Envelope

pytestmark = pytest.mark.e2e

OSLO, BERGEN = "police-oslo", "police-bergen"
WITHDRAWN = "no.konfliktraadet.referral.withdrawn.v1"
REGISTERED = "no.konfliktraadet.referral.registered.v1"
OFFICER = ("case_officer",)


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


async def send_as(
    bus: Bus, sender: str, event: IntegrationEvent, *, source: str | None = None
) -> str:
    """`event` on `sender`'s own topic, connected as `sender`; `source` forges its ce_source."""
    envelope = Envelope(
        id=str(uuid4()),
        type=event.event_type,
        source=source or principal(sender).source or "",
        time=datetime.now(UTC),
        subject=event.subject(),
    )
    async with Producer(bus.access(sender)) as producer:
        await producer.send(
            topics.referrals_from(sender),
            event.model_dump_json().encode(),
            key=event.subject(),
            headers=envelope.headers(),
        )
    return envelope.id


async def dead_letter(bus: Bus, sender: str, ce_id: str) -> dict[str, str]:
    """The dead letter of the message `ce_id` on `sender`'s topic, read as the operator."""
    topic = topics.dead_letter_topic(topics.referrals_from(sender))

    async def found() -> dict[str, str] | None:
        for record in await topic_records(bus.operator, topic):
            headers = headers_of(record)
            if headers.get("ce_id") == ce_id:
                return headers
        return None

    headers: dict[str, str] = await eventually_true(found, f"{ce_id} in {topic}", timeout=60)
    return headers


async def case_as_officers_see_it(steps: ThreadSteps, case_id: str) -> dict[str, Any]:
    got = await steps.client.call("GET", f"{steps.referral}/cases/{case_id}", roles=OFFICER)
    got.raise_for_status()
    case: dict[str, Any] = got.json()
    case.pop("days_since_receipt")  # the only field that moves by itself
    return case


async def referral_event_types(bus: Bus, case_id: str) -> list[str]:
    return [
        headers_of(record)["ce_type"]
        for record in await topic_records(bus.operator, topics.REFERRAL_EVENTS)
        if headers_of(record).get("ce_subject") == case_id
    ]


def withdrawal(reference: str) -> agencies.CaseWithdrawn:
    return agencies.CaseWithdrawn(
        sender_reference=reference,
        withdrawn_on=date.today(),
        reason="The transfer decision was reversed.",
    )


async def test_another_sender_can_neither_correct_nor_withdraw_a_case(
    suite: RunningSuite, bus: Bus, steps: ThreadSteps
) -> None:
    reference = f"OSL-{secrets.token_hex(4).upper()}"
    referral = case_transferred(agencies.Reaction.MEDIATION, reference, sender=OSLO)
    await send_as(bus, OSLO, referral)
    case_id = await steps.wait_registered(reference)
    before = await case_as_officers_see_it(steps, case_id)
    assert (before["sender_principal"], before["office"]) == (OSLO, OFFICE)

    # The attack the issue found: an Oslo case "corrected" to another office by someone else.
    moved = referral.model_copy(update={"office": "konfliktradet-troms-og-finnmark"})
    correction = await send_as(bus, BERGEN, moved)
    withdrawn = await send_as(bus, BERGEN, withdrawal(reference))

    for ce_id in (correction, withdrawn):
        refused = await dead_letter(bus, BERGEN, ce_id)
        assert refused["dlq_reason"] == "not_case_sender"
        assert case_id not in refused["dlq_error"] and OSLO not in refused["dlq_error"]
    assert await case_as_officers_see_it(steps, case_id) == before
    assert await referral_event_types(bus, case_id) == [REGISTERED]

    # The case's own sender may: the refusals above were about who sent them.
    await send_as(bus, OSLO, withdrawal(reference))

    async def closed() -> dict[str, Any] | None:
        case = await case_as_officers_see_it(steps, case_id)
        return case if case["status"] == "withdrawn" else None

    await eventually(closed, "police-oslo's withdrawal to close the case")

    async def published() -> bool:
        return WITHDRAWN in await referral_event_types(bus, case_id)

    await eventually_true(published, "ReferralWithdrawn on referral.events.v1", timeout=60)


async def test_a_forged_ce_source_is_dead_lettered_and_the_next_record_is_processed(
    suite: RunningSuite, bus: Bus, steps: ThreadSteps
) -> None:
    forged_reference = f"VEST-{secrets.token_hex(4).upper()}"
    next_reference = f"VEST-{secrets.token_hex(4).upper()}"
    oslo_source = principal(OSLO).source
    forged = await send_as(
        bus,
        BERGEN,
        case_transferred(agencies.Reaction.MEDIATION, forged_reference, sender=BERGEN),
        source=oslo_source,
    )
    await send_as(
        bus, BERGEN, case_transferred(agencies.Reaction.MEDIATION, next_reference, sender=BERGEN)
    )

    refused = await dead_letter(bus, BERGEN, forged)
    assert refused["dlq_reason"] == "sender_mismatch"
    assert refused["ce_source"] == oslo_source  # the sender's own headers, to match its send
    registered = await case_as_officers_see_it(steps, await steps.wait_registered(next_reference))
    assert registered["sender_principal"] == BERGEN
    found = await steps.client.call(
        "GET", f"{steps.referral}/cases?sender_reference={forged_reference}", roles=OFFICER
    )
    assert found.json() == []


@pytest.mark.parametrize("intruder", [OSLO, "notification"])
async def test_a_forged_record_on_an_internal_topic_is_refused_by_the_broker(
    suite: RunningSuite, bus: Bus, intruder: str
) -> None:
    # What notification would turn into letters to guardians, were it written.
    envelope = Envelope(
        id=str(uuid4()),
        type="no.konfliktraadet.mediation.agreement_approved.v1",
        source="urn:konfliktrad:mediation",
        time=datetime.now(UTC),
        subject="case-forged",
    )
    value = json.dumps({"case_id": "case-forged"}).encode()
    async with Producer(bus.access(intruder)) as producer:
        with pytest.raises(TopicAuthorizationFailedError):
            await producer.send(
                topics.MEDIATION_EVENTS, value, key="case-forged", headers=envelope.headers()
            )

    written = await topic_records(bus.operator, topics.MEDIATION_EVENTS)
    assert envelope.id not in [headers_of(record).get("ce_id") for record in written]
