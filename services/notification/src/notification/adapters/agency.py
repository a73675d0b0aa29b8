"""Deliveries to an agency's inbox: a signed CloudEvent over HTTPS, one attempt per call.

The adapter's outbox relay calls `publish_each` with the next undelivered row of each case and
records what became of each: delivered, an outage (the agency unreachable, 5xx, 408/425/429:
tried again after a capped backoff, for as long as it takes, never dead-lettered), or a
refusal (any other 4xx: the row is parked with the agency's reason until an operator releases
it). The relay sends outside any database transaction (`lease_seconds`), so an agency that is
down or slow holds no transaction open.

Why the outbox hop stays (topic → adapter outbox → HTTP, not topic → HTTP): a Kafka consumer
cannot wait days for one message without stopping its whole partition (every case behind it)
and overrunning `max.poll.interval.ms`; the outbox row is durable, holds only its own case's
later events, carries the attempts and the error an operator sees, and is where a refusal is
parked and released. Its write shares the transaction of the consumer's inbox, so an event is
forwarded once however often Kafka delivers it.

`ce-id` is the event's own id: the agency's idempotency key, so a redelivery after a crash
(or after a timeout whose request did arrive) is discarded there. Each attempt is signed
afresh (`delivery_signature`: every `ce-*` header, the content type and the body), so its
`created` says when it was sent.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from konfliktrad_shared.business_metrics import business_metrics
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.envelope import SPEC_VERSION
from konfliktrad_shared.outbox_relay import Failure, OutboxMessage, Outcome

log = logging.getLogger(__name__)
RETRYABLE = frozenset({408, 425, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """The backoff between attempts during an outage; there is no bound on their number."""

    first_backoff_seconds: float = 1.0
    max_backoff_seconds: float = 300.0

    def backoff(self, failed_attempts: int) -> float:
        exponent = min(max(failed_attempts - 1, 0), 30)
        return float(min(self.max_backoff_seconds, self.first_backoff_seconds * 2**exponent))


class AgencyInbox:
    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        endpoint: str,
        signer: DeliverySigner,
        agency: str,
        policy: RetryPolicy = RetryPolicy(),
        send_for_at_most: float | None = None,
    ) -> None:
        self._agency = agency  # the metrics' label
        self._client = client
        self._endpoint = endpoint
        self._signer = signer
        self._policy = policy
        # The rows are leased, not locked, while they are sent: once the lease runs out
        # another replica's relay may claim them and send them too. No delivery starts past
        # this many seconds into the batch (the first always does); the rest go back due at
        # once, their attempt not counted toward any bound.
        self._send_for_at_most = send_for_at_most

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        for outcome in await self.publish_each(messages):
            if outcome is not None:
                raise RuntimeError(f"agency delivery failed: {outcome.error}")

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        # One at a time, in order: a case's events reach the agency in the order they happened.
        # Once the agency is out of reach the rest of the batch is not tried: each attempt
        # would wait for the same timeout, and they all back off together.
        outcomes: list[Outcome] = []
        outage: str | None = None
        started = time.monotonic()
        for message in messages:
            outcome: Outcome
            if outage is None and outcomes and self._lease_running_short(started):
                outcome = Failure(
                    "not tried: the lease ran short", counts_toward_bound=False, retry_in_seconds=0
                )
            elif outage is None:
                outcome = await self._deliver(message)
                if outcome is not None and not outcome.permanent:
                    outage = outcome.error
            else:
                outcome = self._outage(message, f"not tried: {outage}")
            outcomes.append(outcome)
        return outcomes

    def _lease_running_short(self, started: float) -> bool:
        limit = self._send_for_at_most
        return limit is not None and time.monotonic() - started >= limit

    async def _deliver(self, message: OutboxMessage) -> Outcome:
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
        signed = self._signer.sign(headers, body, created=int(time.time()))
        try:
            response = await self._client.post(self._endpoint, content=body, headers=signed)
        except httpx.TransportError as error:
            return self._outage(message, f"unreachable: {type(error).__name__}")
        metrics = business_metrics()
        if response.is_success:
            metrics.escalations_delivered.labels(self._agency).inc()
            return None
        if response.is_client_error and response.status_code not in RETRYABLE:
            # The agency's reason (say, which header failed its signature check) for operators.
            reason = f"refused: HTTP {response.status_code} {response.text[:200]}".rstrip()
            log.error("agency delivery %s refused: HTTP %s", headers["ce-id"], response.status_code)
            metrics.escalations_parked.labels(self._agency, "agency_refused").inc()
            return Failure(reason, permanent=True)
        return self._outage(message, f"HTTP {response.status_code}")

    def _outage(self, message: OutboxMessage, error: str) -> Failure:
        return Failure(
            error,
            counts_toward_bound=False,
            retry_in_seconds=self._policy.backoff(message.attempts + 1),
        )
