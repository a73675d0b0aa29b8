"""The thread through the whole suite, played against running services.

Vetting appoints a mediator and mediation learns of it; the prosecution transfers a youth case
on `konfliktrad.referrals.v1`; referral registers it; youth_plan opens it; the plan is approved;
two breaches with a breach conversation between them escalate the case to the agency; the
agency adapter delivers it to the agency's inbox; notification writes to the guardian.

Every call carries one W3C trace context, so one trace id spans the thread.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from aiokafka import AIOKafkaProducer

from devtools.standins import AgencyDelivery, AgencyInbox, StandIns
from devtools.suite import service
from devtools.testdata import synthetic_national_id
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.devkeys import DevKeyPair, mint_token
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.settings import ServiceSettings

OFFICE = "konfliktradet-oslo"
T = TypeVar("T")


@dataclass
class Timeline:
    started: float = field(default_factory=time.monotonic)
    steps: list[tuple[float, str]] = field(default_factory=list)
    say: Callable[[str], None] = print

    def mark(self, text: str) -> None:
        elapsed_ms = (time.monotonic() - self.started) * 1000
        self.steps.append((elapsed_ms, text))
        self.say(f"  {elapsed_ms:8.0f} ms  {text}")


@dataclass(frozen=True)
class ThreadResult:
    case_id: str
    trace_id: str
    escalation: AgencyDelivery
    escalation_recorded_at: float
    escalation_delivered_at: float


class TracedClient:
    """HTTP with a bearer token per role and the thread's trace context on every call."""

    def __init__(self, keys: DevKeyPair, trace_id: str) -> None:
        self.trace_id = trace_id
        self._keys = keys
        self._http = httpx.AsyncClient(timeout=10.0)

    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{secrets.token_hex(8)}-01"

    def token(self, *roles: str) -> str:
        defaults = ServiceSettings(service_name="devtools", http_port=0)
        return mint_token(
            self._keys.private_key.read_bytes(),
            self._keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=f"demo-{'-'.join(roles)}",
            roles=roles,
            office=OFFICE,
            ttl=timedelta(minutes=30),
        )

    async def call(
        self, method: str, url: str, *, roles: tuple[str, ...], body: Any = None
    ) -> httpx.Response:
        headers = {
            "authorization": f"Bearer {self.token(*roles)}",
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


def case_transferred(reaction: agencies.Reaction, reference: str) -> agencies.CaseTransferred:
    youth_sentence = reaction is agencies.Reaction.YOUTH_SENTENCE
    return agencies.CaseTransferred(
        sender_reference=reference,
        sender="Oslo politidistrikt",
        reaction=reaction,
        decision_basis=(
            agencies.DecisionBasis.YOUTH_SENTENCE if youth_sentence
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
        ),
    )


async def send_referral(
    bootstrap_servers: str, referral: agencies.CaseTransferred, traceparent: str
) -> None:
    envelope = Envelope(
        id=str(uuid4()),
        type=referral.event_type,
        source="urn:no:politiet:oslo",
        time=datetime.now(UTC),
        subject=referral.subject(),
        traceparent=traceparent,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.REFERRALS,
            referral.model_dump_json().encode(),
            key=referral.subject().encode(),
            headers=[(name, value.encode()) for name, value in envelope.headers().items()],
        )
    finally:
        await producer.stop()


async def play_thread(
    *,
    bootstrap_servers: str,
    standins: StandIns,
    keys_dir: DevKeyPair,
    reaction: agencies.Reaction = agencies.Reaction.YOUTH_FOLLOW_UP,
    timeline: Timeline | None = None,
) -> ThreadResult:
    timeline = timeline or Timeline()
    client = TracedClient(keys_dir, trace_id=secrets.token_hex(16))
    try:
        return await _play(client, bootstrap_servers, standins, reaction, timeline)
    finally:
        await client.close()


async def _play(
    client: TracedClient,
    bootstrap_servers: str,
    standins: StandIns,
    reaction: agencies.Reaction,
    timeline: Timeline,
) -> ThreadResult:
    vetting, mediation = service("vetting").base_url, service("mediation").base_url
    referral_api, youth_plan = service("referral").base_url, service("youth_plan").base_url
    timeline.mark(f"trace id {client.trace_id}")

    appointed = await client.call(
        "POST", f"{vetting}/mediators", roles=("office_leader",),
        body={
            "office": OFFICE, "municipality": "0301", "birth_date": "1980-05-17",
            "citizenship": "NO", "resident_in_norway_years": 40,
            "lives_in_municipality": True, "police_certificate_clean": True,
        },
    )
    appointed.raise_for_status()
    mediator_id = appointed.json()["mediator_id"]
    timeline.mark(f"vetting: mediator {mediator_id} appointed (term to {appointed.json()['term_ends']})")

    async def on_roster() -> bool | None:
        roster = await client.call("GET", f"{mediation}/roster", roles=("office_leader",))
        ids = [entry.get("mediator_id") for entry in roster.json()] if roster.is_success else []
        return True if mediator_id in ids else None

    await eventually(on_roster, "the mediator on mediation's roster")
    timeline.mark("mediation: mediator is on the office's roster")

    reference = f"POL-{secrets.token_hex(4).upper()}"
    await send_referral(bootstrap_servers, case_transferred(reaction, reference), client.traceparent())
    timeline.mark(f"prosecution: {reaction.value} transfer {reference} put on {topics.REFERRALS}")

    async def registered() -> str | None:
        found = await client.call(
            "GET", f"{referral_api}/cases?sender_reference={reference}", roles=("case_officer",)
        )
        cases = found.json() if found.is_success else []
        return cases[0]["case_id"] if cases else None

    case_id = await eventually(registered, "referral to register the case")
    timeline.mark(f"referral: case {case_id} registered")

    async def opened() -> bool | None:
        got = await client.call("GET", f"{youth_plan}/cases/{case_id}", roles=("youth_coordinator",))
        return True if got.status_code == 200 else None

    await eventually(opened, "youth_plan to open the case")
    timeline.mark("youth_plan: youth case opened")

    coordinator = ("youth_coordinator",)
    approval = await client.call(
        "POST", f"{youth_plan}/cases/{case_id}/plan-approvals", roles=coordinator,
        body={"approved_by_coordinator": True, "approved_by_offender": True,
              "approved_by_guardians": True},
    )
    approval.raise_for_status()
    timeline.mark(f"youth_plan: plan approved, execution ends {approval.json()['execution_ends'][:10]}")

    today = date.today().isoformat()
    breach = {"occurred_on": today, "obligation": "youth_plan"}
    first = await client.call("POST", f"{youth_plan}/cases/{case_id}/breaches", roles=coordinator, body=breach)
    first.raise_for_status()
    timeline.mark(f"youth_plan: breach 1 → {first.json()['step']} ({first.json()['legal_basis']})")
    talk = await client.call(
        "POST", f"{youth_plan}/cases/{case_id}/breach-conversations", roles=coordinator,
        body={"held_on": today},
    )
    talk.raise_for_status()
    timeline.mark("youth_plan: breach conversation held")

    recorded_at = time.monotonic()
    second = await client.call("POST", f"{youth_plan}/cases/{case_id}/breaches", roles=coordinator, body=breach)
    second.raise_for_status()
    timeline.mark(f"youth_plan: breach 2 → {second.json()['step']} ({second.json()['legal_basis']})")

    inbox = (
        standins.correctional if reaction is agencies.Reaction.YOUTH_SENTENCE
        else standins.prosecution
    )
    escalation = await eventually(lambda: _delivered(inbox, case_id), f"{inbox.name} inbox")
    delivered_at = time.monotonic()
    timeline.mark(f"{inbox.name} adapter: escalation delivered to the {inbox.name} inbox "
                  f"({escalation.body['legal_basis']})")

    letter = await eventually(lambda: _mailed(standins, case_id), "the guardian's e-mail")
    timeline.mark(f"notification: e-mail to {letter['To']}: {letter['Subject']!r}")
    return ThreadResult(case_id, client.trace_id, escalation, recorded_at, delivered_at)


async def _delivered(inbox: AgencyInbox, case_id: str) -> AgencyDelivery | None:
    return next((d for d in inbox.deliveries if d.subject == case_id), None)


async def _mailed(standins: StandIns, case_id: str) -> Any:
    return next((m for m in standins.mail.messages if case_id in str(m["Subject"])), None)


def dump_timeline(timeline: Timeline, path: Path) -> None:
    path.write_text(json.dumps(timeline.steps, indent=2))
