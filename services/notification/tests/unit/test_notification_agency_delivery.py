"""The agency adapters: every event on the agency's topic is forwarded as it came, signed
over every ce-* header and the body, keyed by its own ce_id; an outage is retried after a
capped backoff for as long as it lasts, a refusal is parked by the relay. (Fakes: an httpx
transport in place of the agency; tests/integration/test_agency_inbox_tls.py and the e2e use
a real inbox.)"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from notification_harness import MIGRATIONS
from pydantic import ValidationError
from sqlalchemy import insert

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import mediation, referral, youth_plan
from konfliktrad_shared.db import create_engine
from konfliktrad_shared.delivery_signature import DeliverySigner, verify
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.outbox_relay import OutboxMessage, OutboxRelay
from konfliktrad_shared.outbox_status import outbox_status
from notification.adapters import orm
from notification.adapters.agency import AgencyInbox, RetryPolicy
from notification.entrypoints.agency_consumers import forwardable, suite_contracts

SIGNER = DeliverySigner.generate("prosecution-adapter")


def row(
    event_id: str = "ce-1", event_type: str = "no.konfliktraadet.x.new_thing.v1"
) -> OutboxMessage:
    payload = {
        "event_id": event_id,
        "original_type": event_type,
        "source": "urn:konfliktrad:youth_plan",
        "time": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
        "about": "case-1",
        "data": {"case_id": "case-1", "anything": [1, 2]},
    }
    return OutboxMessage("agency:prosecution", "case-1", json.dumps(payload).encode(), {})


class Agency:
    """Answers with the scripted statuses in turn (an exception: the connection fails)."""

    def __init__(self, *answers: int | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.reason = ""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else 202
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer, text=self.reason if answer >= 400 else "")


def inbox(agency: Agency) -> AgencyInbox:
    return AgencyInbox(
        agency="prosecution",
        client=httpx.AsyncClient(transport=httpx.MockTransport(agency)),
        endpoint="http://agency.test/inbox",
        signer=SIGNER,
        policy=RetryPolicy(first_backoff_seconds=1, max_backoff_seconds=3),
    )


async def test_a_delivery_is_signed_and_keyed_by_the_events_own_id() -> None:
    agency = Agency(202)
    assert await inbox(agency).publish_each([row()]) == [None]

    [request] = agency.requests
    assert request.headers["ce-id"] == "ce-1"
    assert request.headers["ce-type"] == "no.konfliktraadet.x.new_thing.v1"
    assert json.loads(request.content) == {"case_id": "case-1", "anything": [1, 2]}
    trusted = {"prosecution-adapter": SIGNER.public_key()}
    assert verify(request.headers.multi_items(), request.content, trusted) == "prosecution-adapter"
    covered = request.headers["signature-input"]
    for header in ("ce-id", "ce-type", "ce-source", "ce-specversion", "ce-time", "ce-subject"):
        assert f'"{header}"' in covered


async def test_a_refusal_is_final_with_the_agencys_reason_and_the_next_event_still_goes() -> None:
    agency = Agency(403, 202)
    agency.reason = "signature does not verify"
    refused, delivered = await inbox(agency).publish_each([row("ce-bad"), row("ce-good")])

    assert refused is not None and refused.permanent
    assert refused.error == "refused: HTTP 403 signature does not verify"
    assert delivered is None
    assert [r.headers["ce-id"] for r in agency.requests] == ["ce-bad", "ce-good"]


@pytest.mark.parametrize("answer", [httpx.ConnectError("refused"), 503, 429, 408])
async def test_an_outage_is_never_counted_against_the_event_and_backs_off_to_a_cap(
    answer: int | Exception,
) -> None:
    for attempts, backoff in [(0, 1.0), (1, 2.0), (2, 3.0), (50, 3.0)]:
        message = dataclasses.replace(row(), attempts=attempts)
        [outcome] = await inbox(Agency(answer)).publish_each([message])
        assert outcome is not None
        assert not outcome.permanent and not outcome.counts_toward_bound
        assert outcome.retry_in_seconds == backoff


async def test_once_the_agency_is_out_of_reach_the_rest_of_the_batch_is_not_tried() -> None:
    agency = Agency(httpx.ConnectError("refused"))
    outcomes = await inbox(agency).publish_each([row("ce-1"), row("ce-2"), row("ce-3")])

    assert len(agency.requests) == 1
    assert all(o is not None and not o.counts_toward_bound for o in outcomes)


def test_the_adapter_forwards_every_contract_of_the_suite_not_a_fixed_list() -> None:
    routes = suite_contracts()
    for module in (mediation, youth_plan, referral):
        assert {c.event_type for c in module.PUBLISHED} <= set(routes), module.__name__
    assert "no.konfliktraadet.youth_plan.breach_escalated.v2" not in routes, "no contract: poison"


def test_a_forwarded_body_keeps_fields_its_contract_does_not_name_yet() -> None:
    contract = forwardable(mediation.AgreementBreachReported)
    body = {
        "case_id": "c",
        "agreement_id": "a",
        "office": "konfliktradet-oslo",
        "reported_at": "2026-11-20T12:00:00+00:00",
        "legal_basis": "konfliktrådsloven §21",
        "added_by_a_newer_producer": {"x": 1},
    }
    event = contract.model_validate_json(json.dumps(body))
    forwarded = event.model_dump(mode="json")
    assert forwarded["added_by_a_newer_producer"] == {"x": 1}
    assert forwarded["reported_at"] == "2026-11-20T12:00:00Z"
    assert event.subject() == "c"


def test_a_body_that_breaks_its_contract_is_not_forwarded() -> None:
    with pytest.raises(ValidationError):
        forwardable(youth_plan.BreachEscalated).model_validate_json(b'{"case_id": "c"}')


async def test_an_outage_of_any_length_ends_in_one_delivery_through_the_relay(
    tmp_path: Path,
) -> None:
    """The adapter's real schema and relay: an agency down for 25 times the longest backoff
    gets each case's events once, in order, once it answers; nothing is parked."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'adapter.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_engine(url)
    clock = FrozenClock(datetime(2026, 11, 20, tzinfo=UTC))
    agency = Agency(*[httpx.ConnectError("down")] * 1000)
    relay = OutboxRelay(
        engine=engine,
        outbox=orm.plumbing.outbox,
        publisher=inbox(agency),
        clock=clock,
        max_attempts=3,
        lease_seconds=30,
    )
    outbox = orm.plumbing.outbox
    try:
        async with engine.begin() as connection:
            for n in range(6):
                message = row(f"ce-{n}")
                await connection.execute(
                    insert(outbox).values(
                        event_id=f"ce-{n}",
                        topic=message.topic,
                        message_key=f"case-{n % 2}",
                        event_type="x",
                        payload=message.payload.decode(),
                        headers={},
                        created_at=clock.now(),
                    )
                )
        for _ in range(25 * 3):  # the longest backoff is 3 s
            await relay.publish_pending()
            clock.advance(timedelta(seconds=1))
        assert len(agency.requests) >= 20, "tried on through the outage, past the bound of 3"
        assert (await outbox_status(engine, orm.plumbing, clock.now())).parked == []

        agency.answers.clear()  # back
        agency.requests.clear()
        clock.advance(timedelta(seconds=3))
        while await relay.publish_pending():
            pass
        delivered = [r.headers["ce-id"] for r in agency.requests]
        assert sorted(delivered) == [f"ce-{n}" for n in range(6)], "each once"
        assert [d for d in delivered if int(d[-1]) % 2 == 0] == ["ce-0", "ce-2", "ce-4"]
        assert (await outbox_status(engine, orm.plumbing, clock.now())).backlog == 0
    finally:
        await engine.dispose()


async def test_no_delivery_starts_once_the_lease_runs_short_so_no_other_replica_sends_it_too() -> (
    None
):
    agency = Agency()
    slow = AgencyInbox(
        agency="prosecution",
        client=httpx.AsyncClient(transport=httpx.MockTransport(agency)),
        endpoint="http://agency.test/inbox",
        signer=SIGNER,
        send_for_at_most=0.0,
    )
    outcomes = await slow.publish_each([row("ce-1"), row("ce-2"), row("ce-3")])

    assert [request.headers["ce-id"] for request in agency.requests] == ["ce-1"]
    assert outcomes[0] is None
    for deferred in outcomes[1:]:
        assert deferred is not None
        assert (deferred.retry_in_seconds, deferred.counts_toward_bound) == (0, False)
        assert not deferred.permanent
