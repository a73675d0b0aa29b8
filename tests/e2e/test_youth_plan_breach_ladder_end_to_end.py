"""The breach ladder end to end, on the real broker and PostgreSQL: a youth sentence climbs
§31 to the correctional-service adapter, youth follow-up climbs §33 to the prosecution
adapter. Each agency receives each step once, in order, keyed by the case id and carrying
the provision — no names, national ids, contacts or plan content (§9)."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, date, datetime
from typing import Any

import pytest
from suite_support import QUIET_SECONDS, RunningSuite, messages_about

from devtools.standins import AgencyDelivery, AgencyInbox
from devtools.suite_client import TracedClient, eventually
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction

pytestmark = pytest.mark.e2e
YT = "no.konfliktraadet.youth_plan"
TODAY = date.today().isoformat()
# What an agency may learn of a youth case: ids, the office, the reaction, the step and its
# provision and dates. Everything else is refused by this test.
AGENCY_FIELDS = {
    "case_id",
    "sender_reference",
    "office",
    "reaction",
    "route",
    "legal_basis",
    "breaches",
    "escalated_at",
    "consequence",
    "grounds",
    "interrupted_on",
    "stage",
    "coordinator_requests_court",
    "reported_on",
}


class Coordinator:
    def __init__(self, suite: RunningSuite) -> None:
        self.client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
        self.steps = ThreadSteps(self.client, suite.bootstrap)
        self.case_id = ""

    async def open_case(self, reaction: Reaction) -> str:
        reference = await self.steps.transfer_case(reaction)
        self.case_id = await self.steps.wait_registered(reference)
        await self.steps.wait_opened(self.case_id)
        await self.steps.hold_conference(self.case_id, reaction)
        await self.steps.approve_plan(self.case_id)
        return self.case_id

    async def post(self, path: str, body: Any) -> Any:
        url = f"{self.steps.youth_plan}/cases/{self.case_id}/{path}"
        return await self.client.call("POST", url, roles=ThreadSteps.COORDINATOR, body=body)

    async def ok(self, path: str, body: Any) -> Any:
        answer = await self.post(path, body)
        assert answer.is_success, answer.text
        return answer.json()

    async def refused(self, path: str, body: Any, provision: str) -> None:
        answer = await self.post(path, body)
        assert answer.status_code == 422, answer.text
        assert provision in answer.text

    async def breach(self, **extra: Any) -> Any:
        return await self.ok(
            "breaches", {"occurred_on": TODAY, "obligation": "youth_plan", **extra}
        )

    async def summon_and_hold(self, attended: bool = True) -> None:
        await self.ok("breach-summonses", {"starts_at": datetime.now(UTC).isoformat()})
        await self.ok("breach-conversations", {"held_on": TODAY, "attended": attended})


async def received(inbox: AgencyInbox, case_id: str, count: int) -> list[AgencyDelivery]:
    async def enough() -> list[AgencyDelivery] | None:
        about = [d for d in inbox.deliveries if d.subject == case_id]
        return about if len(about) >= count else None

    await eventually(enough, f"{count} deliveries about {case_id} at the {inbox.name} inbox")
    await asyncio.sleep(QUIET_SECONDS)  # a duplicate, if there were one, would show by now
    return [d for d in inbox.deliveries if d.subject == case_id]


def assert_carries_only_the_step(delivery: AgencyDelivery, case_id: str) -> None:
    body = delivery.body
    assert body["case_id"] == case_id and "konfliktrådsloven §" in body["legal_basis"]
    assert set(body) <= AGENCY_FIELDS, set(body) - AGENCY_FIELDS
    raw = json.dumps(body)
    national_id = synthetic_national_id(date(2010, 3, 14))
    for personal in (national_id, "Synthetic", "verge@example.no", "sealed_contact", "measures"):
        assert personal not in raw


async def test_par31_a_youth_sentence_climbs_the_ladder_to_the_correctional_service(
    suite: RunningSuite,
) -> None:
    coordinator = Coordinator(suite)
    case_id = await coordinator.open_case(Reaction.YOUTH_SENTENCE)

    first = await coordinator.breach()
    assert first["legal_basis"] == "konfliktrådsloven §31 first para"
    # Out of order: no conversation without a summons; no transfer before a repeated breach.
    await coordinator.refused("breach-conversations", {"held_on": TODAY}, "§31 first para")
    transfer = {"action": "transfer", "consents": ["police", "correctional_service"]}
    await coordinator.refused("repeated-breach-decisions", transfer, "§31 third para")
    # Conditions (a)–(d) need every mandatory participant's consent (§31 second para).
    conditions = {
        "conditions": ["a_residence", "c_no_alcohol_or_drugs"],
        "necessary_to_prevent_new_breaches": True,
        "consents": ["offender", "guardians", "police"],
    }
    await coordinator.refused("conditions", conditions, "§31 second para")
    await coordinator.summon_and_hold()
    second = await coordinator.breach()
    assert second["step"] == "new_conference_or_transfer"
    await coordinator.refused(
        "repeated-breach-decisions", {"action": "transfer", "consents": ["police"]}, "§31 third"
    )
    decided = await coordinator.ok("repeated-breach-decisions", transfer)
    assert decided["step"] == "transfer"
    await coordinator.ok("interruptions", {"grounds": "petition_sent_to_court", "on": TODAY})

    deliveries = await received(suite.standins.correctional, case_id, 2)
    assert [d.event_type for d in deliveries] == [
        f"{YT}.breach_escalated.v1",
        f"{YT}.execution_interrupted.v1",
    ], "each step once, in order"
    for delivery in deliveries:
        assert_carries_only_the_step(delivery, case_id)
    assert deliveries[0].body["route"] == "correctional_service"
    assert deliveries[0].body["legal_basis"] == (
        "konfliktrådsloven §31 third para; straffeloven §28c fourth para"
    )
    assert not [d for d in suite.standins.prosecution.deliveries if d.subject == case_id]
    on_topic = await messages_about(suite.operator, topics.CORRECTIONAL, case_id)
    assert [headers["ce_type"] for headers, _ in on_topic] == [d.event_type for d in deliveries]


async def test_par33_youth_follow_up_climbs_the_ladder_to_the_prosecution(
    suite: RunningSuite,
) -> None:
    coordinator = Coordinator(suite)
    case_id = await coordinator.open_case(Reaction.YOUTH_FOLLOW_UP)

    await coordinator.ok("new-crimes", {"stage": "charged", "on": TODAY})
    await coordinator.breach()
    await coordinator.summon_and_hold(attended=False)  # a no-show (§33 fourth para) …
    await coordinator.summon_and_hold()  # … summoned again, and this time held
    # §33 second para: conditions with the offender's and the guardians' consent.
    await coordinator.ok(
        "conditions",
        {
            "conditions": ["b_no_contact"],
            "necessary_to_prevent_new_breaches": True,
            "consents": ["offender", "guardians"],
        },
    )
    tipping = await coordinator.breach(
        obligation="ladder_condition", decision={"action": "transfer", "consents": []}
    )
    assert tipping["step"] == "transfer"
    assert tipping["legal_basis"] == "konfliktrådsloven §33 third para; straffeloven §54"
    await coordinator.ok("interruptions", {"grounds": "prosecution_resumed", "on": TODAY})
    await coordinator.refused("breaches", {"occurred_on": TODAY, "obligation": "youth_plan"}, "§")

    deliveries = await received(suite.standins.prosecution, case_id, 3)
    assert [d.event_type for d in deliveries] == [
        f"{YT}.new_crime_reported.v1",
        f"{YT}.breach_escalated.v1",
        f"{YT}.execution_interrupted.v1",
    ], "each step once, in order"
    for delivery in deliveries:
        assert_carries_only_the_step(delivery, case_id)
    assert deliveries[0].body["legal_basis"] == "konfliktrådsloven §34 first para"
    assert deliveries[1].body["route"] == "prosecution"
    assert deliveries[2].body["legal_basis"] == "konfliktrådsloven §33 third para"
    assert not [d for d in suite.standins.correctional.deliveries if d.subject == case_id]
