"""Talking to the running suite: bearer tokens per role with one trace context, polling
until something is true, and referrals put on a sender's own topic as that sender would."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from aiokafka import AIOKafkaProducer

from devtools.bus_access import client_access
from devtools.testdata import synthetic_national_id
from konfliktrad_shared.bus_rights import principal
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.devkeys import DevKeyPair, mint_token
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.settings import ServiceSettings

OFFICE = "konfliktradet-oslo"
# Who sends what the demo and the tests send, unless they say otherwise.
DEFAULT_SENDER = "police-oslo"
# How each sender names itself in a referral's `sender` field.
SENDER_UNITS = {
    "police-oslo": "Oslo politidistrikt",
    "police-bergen": "Vest politidistrikt",
    "prosecution-oslo": "Oslo statsadvokatembeter",
    "court-oslo": "Oslo tingrett",
}
T = TypeVar("T")


class TracedClient:
    """HTTP with a bearer token per role and the thread's trace context on every call."""

    TOKEN_TTL = timedelta(minutes=30)

    def __init__(self, keys: DevKeyPair, trace_id: str) -> None:
        self.trace_id = trace_id
        self._keys = keys
        self._http = httpx.AsyncClient(timeout=10.0)
        # One token per set of roles, minted once and reused for half its lifetime: signing
        # is the caller's cost, not the suite's, and stays out of what the benchmark times.
        self._tokens: dict[tuple[str | None, tuple[str, ...]], tuple[float, str]] = {}

    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{secrets.token_hex(8)}-01"

    def token(self, *roles: str, subject: str | None = None) -> str:
        """`subject` names the caller where it matters (a mediator sees only their cases)."""
        minted = self._tokens.get((subject, roles))
        if minted is not None and time.monotonic() - minted[0] < self.TOKEN_TTL.total_seconds() / 2:
            return minted[1]
        defaults = ServiceSettings(service_name="devtools", http_port=0)
        token = mint_token(
            self._keys.private_key.read_bytes(),
            self._keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=subject or f"demo-{'-'.join(roles)}",
            roles=roles,
            office=OFFICE,
            ttl=self.TOKEN_TTL,
        )
        self._tokens[(subject, roles)] = (time.monotonic(), token)
        return token

    async def call(
        self,
        method: str,
        url: str,
        *,
        roles: tuple[str, ...],
        body: Any = None,
        subject: str | None = None,
    ) -> httpx.Response:
        headers = {
            "authorization": f"Bearer {self.token(*roles, subject=subject)}",
            "traceparent": self.traceparent(),
        }
        return await self._http.request(method, url, json=body, headers=headers)

    async def close(self) -> None:
        await self._http.aclose()


async def eventually(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = 60.0
) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await probe()
        if result is not None:
            return result
        await asyncio.sleep(0.02)
    raise TimeoutError(f"timed out waiting for {what}")


def case_transferred(
    reaction: agencies.Reaction, reference: str, sender: str = DEFAULT_SENDER
) -> agencies.CaseTransferred:
    youth_sentence = reaction is agencies.Reaction.YOUTH_SENTENCE
    return agencies.CaseTransferred(
        sender_reference=reference,
        sender=SENDER_UNITS[sender],
        reaction=reaction,
        decision_basis=(
            agencies.DecisionBasis.YOUTH_SENTENCE
            if youth_sentence
            else agencies.DecisionBasis.TRANSFER
        ),
        office=OFFICE,
        offence_date=date(2026, 9, 1),
        decided_on=date(2026, 10, 15),
        execution_months=12,
        offender=agencies.Offender(
            national_id=synthetic_national_id(date(2010, 3, 14)),
            name="Synthetic Offender",
            municipality="0301",
            consents=True,
            acknowledges_guilt=True,
            guardians=[
                agencies.Guardian(
                    name="Synthetic Guardian", email="verge@example.no", consents=True
                )
            ],
            lives_in_norway=True,
        ),
        repeated_or_serious_crime=True if youth_sentence else None,
    )


def referral_envelope(
    referral: agencies.CaseTransferred,
    sender: str,
    traceparent: str | None = None,
    event_id: str | None = None,
) -> Envelope:
    """The CloudEvents attributes `sender` puts on its referral: its own source."""
    return Envelope(
        id=event_id or str(uuid4()),
        type=referral.event_type,
        source=principal(sender).source or "",
        time=datetime.now(UTC),
        subject=referral.subject(),
        traceparent=traceparent,
    )


async def send_referral(
    bootstrap_servers: str,
    referral: agencies.CaseTransferred,
    traceparent: str,
    event_id: str | None = None,
    *,
    sender: str = DEFAULT_SENDER,
) -> str:
    """Put `referral` on `sender`'s referral topic, connected as `sender`; its ce_id
    (`event_id`, or a new one), so a test can deliver the very same message again."""
    envelope = referral_envelope(referral, sender, traceparent, event_id)
    producer = AIOKafkaProducer(
        **client_access(sender, bootstrap_servers).aiokafka_options(), acks="all"
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.referrals_from(sender),
            referral.model_dump_json().encode(),
            key=referral.subject().encode(),
            headers=[(name, value.encode()) for name, value in envelope.headers().items()],
        )
    finally:
        await producer.stop()
    return envelope.id
