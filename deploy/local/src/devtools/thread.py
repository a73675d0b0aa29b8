"""The thread through the whole suite, played against running services.

Vetting appoints a mediator and mediation learns of it; the prosecution transfers a youth case
on `konfliktrad.referrals.v1`; referral registers it; youth_plan opens it; the youth conference
is held; the plan is approved; a breach, the breach conversation, and a
second breach with the coordinator's transfer decision escalate the case to the agency; the
agency adapter delivers it to the agency's inbox; notification writes to the guardian.

Every call carries one W3C trace context, so one trace id spans the thread.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
    mediator_id: str
    trace_id: str
    escalation: AgencyDelivery
    escalation_recorded_at: float
    escalation_delivered_at: float


class TracedClient:
    """HTTP with a bearer token per role and the thread's trace context on every call."""

    TOKEN_TTL = timedelta(minutes=30)

    def __init__(self, keys: DevKeyPair, trace_id: str) -> None:
        self.trace_id = trace_id
        self._keys = keys
        self._http = httpx.AsyncClient(timeout=10.0)
        # One token per set of roles, minted once and reused for half its lifetime: signing
        # is the caller's cost, not the suite's, and stays out of what the benchmark times.
        self._tokens: dict[tuple[str, ...], tuple[float, str]] = {}

    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{secrets.token_hex(8)}-01"

    def token(self, *roles: str) -> str:
        minted = self._tokens.get(roles)
        if minted is not None and time.monotonic() - minted[0] < self.TOKEN_TTL.total_seconds() / 2:
            return minted[1]
        defaults = ServiceSettings(service_name="devtools", http_port=0)
        token = mint_token(
            self._keys.private_key.read_bytes(),
            self._keys.kid,
            issuer=defaults.auth_issuer,
            audience=defaults.auth_audience,
            subject=f"demo-{'-'.join(roles)}",
            roles=roles,
            office=OFFICE,
            ttl=self.TOKEN_TTL,
        )
        self._tokens[roles] = (time.monotonic(), token)
        return token

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


async def send_referral(
    bootstrap_servers: str,
    referral: agencies.CaseTransferred,
    traceparent: str,
    event_id: str | None = None,
) -> str:
    """Put `referral` on the referrals topic; its ce_id (`event_id`, or a new one), so a test
    can deliver the very same message again."""
    envelope = Envelope(
        id=event_id or str(uuid4()),
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
    return envelope.id


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


class ThreadSteps:
    """The thread's calls one by one, so a benchmark can prepare cases and time one step."""

    COORDINATOR = ("youth_coordinator",)

    def __init__(self, client: TracedClient, bootstrap_servers: str) -> None:
        self.client = client
        self.bootstrap_servers = bootstrap_servers
        self.vetting = service("vetting").base_url
        self.mediation = service("mediation").base_url
        self.referral = service("referral").base_url
        self.youth_plan = service("youth_plan").base_url

    async def appoint_mediator(self) -> dict[str, Any]:
        """An application, then the appointment committee's decision on it (§4)."""
        applied = await self.client.call(
            "POST",
            f"{self.vetting}/applications",
            roles=("office_leader",),
            body={
                "office": OFFICE,
                "municipality": "0301",
                "candidate": {
                    "name": "Synthetic Mediator",
                    "birth_date": "1980-05-17",
                    "citizenship": "NO",
                    "lives_in_municipality": True,
                    "suitable": True,
                },
            },
        )
        applied.raise_for_status()
        appointed = await self.client.call(
            "POST",
            f"{self.vetting}/applications/{applied.json()['application_id']}/appointment",
            roles=("appointment_committee",),
            body={
                "committee": {
                    "municipal_member": "Oslo bystyre",
                    "police_member": "Oslo politidistrikt",
                    "office_leader": "Konfliktrådet i Oslo",
                }
            },
        )
        appointed.raise_for_status()
        body: dict[str, Any] = appointed.json()
        return body

    async def wait_on_roster(self, mediator_id: str) -> None:
        async def on_roster() -> bool | None:
            roster = await self.client.call(
                "GET", f"{self.mediation}/roster", roles=("office_leader",)
            )
            ids = [entry.get("mediator_id") for entry in roster.json()] if roster.is_success else []
            return True if mediator_id in ids else None

        await eventually(on_roster, "the mediator on mediation's roster")

    async def transfer_case(self, reaction: agencies.Reaction) -> str:
        """Put a transfer on the referrals topic, as the prosecution would; its reference."""
        reference = f"POL-{secrets.token_hex(4).upper()}"
        await send_referral(
            self.bootstrap_servers, case_transferred(reaction, reference), self.client.traceparent()
        )
        return reference

    async def wait_registered(self, reference: str, timeout: float = 60.0) -> str:
        async def registered() -> str | None:
            found = await self.client.call(
                "GET",
                f"{self.referral}/cases?sender_reference={reference}",
                roles=("case_officer",),
            )
            cases = found.json() if found.is_success else []
            return cases[0]["case_id"] if cases else None

        case_id: str = await eventually(registered, "referral to register the case", timeout)
        return case_id

    async def wait_opened(self, case_id: str, timeout: float = 60.0) -> None:
        async def opened() -> bool | None:
            got = await self.client.call(
                "GET", f"{self.youth_plan}/cases/{case_id}", roles=self.COORDINATOR
            )
            return True if got.status_code == 200 else None

        await eventually(opened, "youth_plan to open the case", timeout)

    async def hold_conference(self, case_id: str, reaction: agencies.Reaction) -> dict[str, Any]:
        """Schedule the youth conference and record its meeting with the participants the
        reaction requires (§24); execution starts there (§23)."""
        scheduled = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/conferences",
            roles=self.COORDINATOR,
            body={"starts_at": datetime.now(UTC).isoformat()},
        )
        scheduled.raise_for_status()
        attendees = ["offender", "guardians"]
        if reaction is agencies.Reaction.YOUTH_SENTENCE:
            attendees += ["correctional_service", "police"]
        held = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/conference-meetings",
            roles=self.COORDINATOR,
            body={"held_on": date.today().isoformat(), "attendees": attendees},
        )
        held.raise_for_status()
        body: dict[str, Any] = held.json()
        return body

    async def approve_plan(self, case_id: str) -> dict[str, Any]:
        approval = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/plan-approvals",
            roles=self.COORDINATOR,
            body={
                "approved_by_coordinator": True,
                "approved_by_offender": True,
                "approved_by_guardians": True,
                "measures": ["c_community_tasks"],
            },
        )
        approval.raise_for_status()
        body: dict[str, Any] = approval.json()
        return body

    async def record_breach(
        self, case_id: str, transfer_for: agencies.Reaction | None = None
    ) -> dict[str, Any]:
        """A breach of the plan; with `transfer_for`, the repeated breach that tips the ladder,
        carrying the coordinator's transfer decision and the consents the reaction needs
        (§31 third para: the police and the correctional service; §33: none)."""
        breach: dict[str, Any] = {
            "occurred_on": date.today().isoformat(),
            "obligation": "youth_plan",
        }
        if transfer_for is not None:
            youth_sentence = transfer_for is agencies.Reaction.YOUTH_SENTENCE
            consents = ["police", "correctional_service"] if youth_sentence else []
            breach["decision"] = {"action": "transfer", "consents": consents}
        recorded = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/breaches",
            roles=self.COORDINATOR,
            body=breach,
        )
        recorded.raise_for_status()
        body: dict[str, Any] = recorded.json()
        return body

    async def hold_breach_conversation(self, case_id: str) -> None:
        """Summon the offender (notification writes to offender and guardians), then record
        the conversation as held."""
        summoned = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/breach-summonses",
            roles=self.COORDINATOR,
            body={"starts_at": datetime.now(UTC).isoformat()},
        )
        summoned.raise_for_status()
        talk = await self.client.call(
            "POST",
            f"{self.youth_plan}/cases/{case_id}/breach-conversations",
            roles=self.COORDINATOR,
            body={"held_on": date.today().isoformat(), "attended": True},
        )
        talk.raise_for_status()


def agency_inbox(standins: StandIns, reaction: agencies.Reaction) -> AgencyInbox:
    """Where a breach escalation of a case with this reaction is delivered."""
    return (
        standins.correctional
        if reaction is agencies.Reaction.YOUTH_SENTENCE
        else standins.prosecution
    )


async def _play(
    client: TracedClient,
    bootstrap_servers: str,
    standins: StandIns,
    reaction: agencies.Reaction,
    timeline: Timeline,
) -> ThreadResult:
    steps = ThreadSteps(client, bootstrap_servers)
    timeline.mark(f"trace id {client.trace_id}")

    appointed = await steps.appoint_mediator()
    mediator_id = appointed["mediator_id"]
    timeline.mark(f"vetting: mediator {mediator_id} appointed (term to {appointed['term_ends']})")
    await steps.wait_on_roster(mediator_id)
    timeline.mark("mediation: mediator is on the office's roster")

    reference = await steps.transfer_case(reaction)
    timeline.mark(f"prosecution: {reaction.value} transfer {reference} put on {topics.REFERRALS}")
    case_id = await steps.wait_registered(reference)
    timeline.mark(f"referral: case {case_id} registered")
    await steps.wait_opened(case_id)
    timeline.mark("youth_plan: youth case opened")

    conference = await steps.hold_conference(case_id, reaction)
    timeline.mark(
        f"youth_plan: youth conference held, execution ends {conference['execution_ends'][:10]}"
    )
    await steps.approve_plan(case_id)
    timeline.mark("youth_plan: plan approved")
    first = await steps.record_breach(case_id)
    timeline.mark(f"youth_plan: breach 1 → {first['step']} ({first['legal_basis']})")
    await steps.hold_breach_conversation(case_id)
    timeline.mark("youth_plan: breach conversation summoned and held")

    recorded_at = time.monotonic()
    second = await steps.record_breach(case_id, transfer_for=reaction)
    timeline.mark(f"youth_plan: breach 2 → {second['step']} ({second['legal_basis']})")

    inbox = agency_inbox(standins, reaction)
    escalation = await inbox.wait_for_delivery(case_id)
    delivered_at = time.monotonic()
    timeline.mark(
        f"{inbox.name} adapter: escalation delivered to the {inbox.name} inbox "
        f"({escalation.body['legal_basis']})"
    )

    letter = await eventually(lambda: mailed(standins, case_id), "the guardian's e-mail")
    timeline.mark(f"notification: e-mail to {letter['To']}: {letter['Subject']!r}")
    return ThreadResult(
        case_id, mediator_id, client.trace_id, escalation, recorded_at, delivered_at
    )


async def mailed(standins: StandIns, case_id: str) -> Any:
    """The guardian's letter about `case_id`, once the mail stand-in has it."""
    return next((m for m in standins.mail.messages if case_id in str(m["Subject"])), None)
