"""The agency adapters: every event on the agency's topic is forwarded as it came, signed
over every ce-* header and the body, keyed by its own ce_id, retried with backoff, and
dead-lettered after a bounded number of attempts. (Fakes: an httpx transport in place of
the agency; tests/integration/test_agency_inbox_tls.py and the e2e use a real inbox.)"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from notification_harness import MIGRATIONS
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import create_async_engine

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import mediation, referral, youth_plan
from konfliktrad_shared.delivery_signature import DeliverySigner, verify
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.outbox_relay import OutboxMessage
from notification.adapters.agency import AgencyInbox, InMemoryAttempts, RetryPolicy
from notification.adapters.attempts import SqlAttempts
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


class DeadLetters:
    def __init__(self) -> None:
        self.messages: list[OutboxMessage] = []

    async def publish_all(self, messages: Any) -> None:
        self.messages.extend(messages)


def inbox(
    agency: Agency,
    dead: DeadLetters,
    sleeps: list[float],
    attempts: int = 4,
    log: InMemoryAttempts | None = None,
) -> AgencyInbox:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return AgencyInbox(
        client=httpx.AsyncClient(transport=httpx.MockTransport(agency)),
        endpoint="http://agency.test/inbox",
        signer=SIGNER,
        topic="konfliktrad.prosecution.v1",
        dead_letters=dead,
        policy=RetryPolicy(max_attempts=attempts, first_backoff_seconds=1, max_backoff_seconds=3),
        attempts=log,
        sleep=sleep,
    )


async def test_a_delivery_is_signed_and_keyed_by_the_events_own_id() -> None:
    agency, dead, sleeps = Agency(202), DeadLetters(), []
    await inbox(agency, dead, sleeps).publish_all([row()])

    [request] = agency.requests
    assert request.headers["ce-id"] == "ce-1"
    assert request.headers["ce-type"] == "no.konfliktraadet.x.new_thing.v1"
    assert json.loads(request.content) == {"case_id": "case-1", "anything": [1, 2]}
    trusted = {"prosecution-adapter": SIGNER.public_key()}
    assert verify(request.headers.multi_items(), request.content, trusted) == "prosecution-adapter"
    covered = request.headers["signature-input"]
    for header in ("ce-id", "ce-type", "ce-source", "ce-specversion", "ce-time", "ce-subject"):
        assert f'"{header}"' in covered
    assert not dead.messages and not sleeps


async def test_every_retry_is_signed_and_the_agencys_reason_for_a_refusal_is_kept() -> None:
    agency = Agency(503, 403)
    agency.reason = "signature does not verify"
    dead, sleeps = DeadLetters(), []
    await inbox(agency, dead, sleeps).publish_all([row("ce-2")])

    trusted = {"prosecution-adapter": SIGNER.public_key()}
    for request in agency.requests:
        assert verify(request.headers.multi_items(), request.content, trusted)
    [dead_letter] = dead.messages
    assert dead_letter.headers["dlq_reason"] == "agency_refused"
    assert "HTTP 403 signature does not verify" in dead_letter.headers["dlq_error"]


async def test_an_agency_that_is_down_for_a_while_gets_the_event_once_it_is_back() -> None:
    agency = Agency(httpx.ConnectError("refused"), 503, 503, 202)
    dead, sleeps = DeadLetters(), []
    await inbox(agency, dead, sleeps).publish_all([row()])

    assert len(agency.requests) == 4
    assert {r.headers["ce-id"] for r in agency.requests} == {"ce-1"}, "one idempotency key"
    assert sleeps == [1, 2, 3], "backoff doubles up to its cap"
    assert not dead.messages


async def test_after_the_last_attempt_the_event_goes_to_the_dead_letter_topic() -> None:
    agency, dead, sleeps = Agency(503, 503, 503, 503, 202), DeadLetters(), []
    await inbox(agency, dead, sleeps, attempts=3).publish_all([row("ce-9")])

    assert len(agency.requests) == 3, "bounded"
    [dead_letter] = dead.messages
    assert dead_letter.topic == "konfliktrad.prosecution.v1.dlq"
    assert dead_letter.headers["ce_id"] == "ce-9"
    assert dead_letter.headers["dlq_reason"] == "agency_unreachable"
    assert json.loads(dead_letter.payload) == {"case_id": "case-1", "anything": [1, 2]}


async def test_a_refusal_is_dead_lettered_at_once_and_the_next_event_still_goes() -> None:
    agency, dead, sleeps = Agency(400, 202), DeadLetters(), []
    await inbox(agency, dead, sleeps).publish_all([row("ce-bad"), row("ce-good")])

    assert [r.headers["ce-id"] for r in agency.requests] == ["ce-bad", "ce-good"]
    assert [m.headers["dlq_reason"] for m in dead.messages] == ["agency_refused"]
    assert not sleeps


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


async def test_the_bound_on_attempts_holds_across_a_restart_of_the_adapter() -> None:
    class Crash(Exception):
        pass

    agency, dead, attempts = Agency(503, 503, 503, 503, 503), DeadLetters(), InMemoryAttempts()
    waits: list[float] = []

    async def crash_on_second_wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise Crash  # the process dies while waiting to retry

    before = AgencyInbox(
        client=httpx.AsyncClient(transport=httpx.MockTransport(agency)),
        endpoint="http://agency.test/inbox",
        signer=SIGNER,
        topic="konfliktrad.prosecution.v1",
        dead_letters=dead,
        policy=RetryPolicy(max_attempts=3),
        attempts=attempts,
        sleep=crash_on_second_wait,
    )
    with pytest.raises(Crash):
        await before.publish_all([row("ce-7")])
    # The restarted process reads the same persisted count.
    after = inbox(agency, dead, [], attempts=3, log=attempts)
    await after.publish_all([row("ce-7")])

    assert len(agency.requests) == 3, "two before the crash, one after: three in all"
    assert [m.headers["dlq_reason"] for m in dead.messages] == ["agency_unreachable"]
    assert attempts.counts == {}, "forgotten once dead-lettered"


async def test_failed_attempts_are_counted_in_the_adapters_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    attempts = SqlAttempts(
        create_async_engine(url), FrozenClock(datetime(2026, 11, 20, tzinfo=UTC))
    )
    try:
        assert await attempts.failed("ce-1", "HTTP 503") == 1
        assert await attempts.failed("ce-1", "unreachable: ConnectError") == 2
        assert await attempts.failed("ce-2", "HTTP 503") == 1
        await attempts.forget("ce-1")
        assert await attempts.failed("ce-1", "HTTP 503") == 1
    finally:
        await attempts.engine.dispose()
