"""Deliveries to an agency's inbox: a signed CloudEvent over HTTPS, retried with backoff,
and dead-lettered to `<agency topic>.dlq` after a bounded number of attempts.

`ce-id` is the event's own id: the agency's idempotency key, so a redelivery after a crash
(or after a timeout whose request did arrive) is discarded there. Each attempt is signed
afresh (`delivery_signature`: every `ce-*` header, the content type and the body), so its
`created` says when it was sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx

from konfliktrad_shared.business_metrics import agency_of, business_metrics
from konfliktrad_shared.contracts.topics import dead_letter_topic
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.envelope import SPEC_VERSION
from konfliktrad_shared.outbox_relay import OutboxMessage, Publisher

log = logging.getLogger(__name__)
RETRYABLE = frozenset({408, 425, 429})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 12
    first_backoff_seconds: float = 1.0
    max_backoff_seconds: float = 300.0

    def backoff(self, failed_attempts: int) -> float:
        return min(
            self.max_backoff_seconds, self.first_backoff_seconds * 2 ** (failed_attempts - 1)
        )


class AttemptLog(Protocol):
    async def failed(self, event_id: str, failure: str) -> int:
        """Record one failed attempt; how many have failed in all, across restarts."""

    async def forget(self, event_id: str) -> None:
        """The event is delivered or dead-lettered: its count is no longer needed."""


class InMemoryAttempts:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    async def failed(self, event_id: str, failure: str) -> int:
        self.counts[event_id] = self.counts.get(event_id, 0) + 1
        return self.counts[event_id]

    async def forget(self, event_id: str) -> None:
        self.counts.pop(event_id, None)


class AgencyInbox:
    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        endpoint: str,
        signer: DeliverySigner,
        topic: str,
        dead_letters: Publisher,
        policy: RetryPolicy = RetryPolicy(),
        attempts: AttemptLog | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._attempts = attempts or InMemoryAttempts()
        self._client = client
        self._endpoint = endpoint
        self._signer = signer
        self._topic = topic
        self._dead_letters = dead_letters
        self._policy = policy
        self._sleep = sleep

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        # One at a time, in order: a case's events reach the agency in the order they happened.
        for message in messages:
            await self._deliver(message)

    async def _deliver(self, message: OutboxMessage) -> None:
        delivery = json.loads(message.payload)
        headers = {
            "ce-id": delivery["event_id"],
            "ce-type": delivery["original_type"],
            "ce-source": delivery["source"],
            "ce-specversion": SPEC_VERSION,
            "ce-time": delivery["time"],
            "ce-subject": delivery["about"],
            "content-type": "application/json",
        }
        if "traceparent" in message.headers:
            headers["traceparent"] = message.headers["traceparent"]
        body = json.dumps(delivery["data"]).encode()
        event_id = headers["ce-id"]
        while True:
            failure = await self._attempt(headers, body)
            if not failure:
                await self._attempts.forget(event_id)
                business_metrics().escalations_delivered.labels(agency_of(self._topic)).inc()
                return
            failed = await self._attempts.failed(event_id, failure)
            if failure.startswith("refused") or failed >= self._policy.max_attempts:
                break
            log.warning(
                "agency delivery %s failed (%s), attempt %d of %d",
                event_id,
                failure,
                failed,
                self._policy.max_attempts,
            )
            await self._sleep(self._policy.backoff(failed))
        await self._dead_letter(message, headers, body, failure)
        await self._attempts.forget(event_id)

    async def _attempt(self, headers: dict[str, str], body: bytes) -> str:
        """'' when the agency took it; otherwise why not ('refused …' is final)."""
        signed = self._signer.sign(headers, body, created=int(time.time()))
        try:
            response = await self._client.post(self._endpoint, content=body, headers=signed)
        except httpx.TransportError as error:
            return f"unreachable: {type(error).__name__}"
        if response.is_success:
            return ""
        if response.is_client_error and response.status_code not in RETRYABLE:
            # The agency's reason (say, which header failed its signature check) for operators.
            return f"refused: HTTP {response.status_code} {response.text[:200]}".rstrip()
        return f"HTTP {response.status_code}"

    async def _dead_letter(
        self, message: OutboxMessage, headers: dict[str, str], body: bytes, failure: str
    ) -> None:
        log.error("agency delivery %s dead-lettered: %s", headers["ce-id"], failure)
        dead = {
            key.replace("-", "_"): value for key, value in headers.items() if key.startswith("ce-")
        }
        dead.update(
            {
                "content-type": "application/json",
                "dlq_reason": "agency_refused"
                if failure.startswith("refused")
                else "agency_unreachable",
                "dlq_error": f"{failure} after delivery attempts to {self._endpoint}"[:1000],
                "dlq_consumer": f"{self._topic}:agency_inbox",
                "dlq_original_topic": self._topic,
            }
        )
        await self._dead_letters.publish_all(
            [OutboxMessage(dead_letter_topic(self._topic), message.key, body, dead)]
        )
        metrics = business_metrics()
        metrics.escalations_parked.labels(agency_of(self._topic), dead["dlq_reason"]).inc()
        metrics.dead_letters.labels(dead_letter_topic(self._topic), dead["dlq_reason"]).inc()
