"""The thread through the whole suite, played against running services.

Vetting appoints a mediator and mediation learns of it; the prosecution transfers a youth case
(or the court sentences a youth) on its own referral topic, connected as itself; referral
registers it; youth_plan opens it; the youth conference
is held; the plan is approved; a breach, the breach conversation, and a
second breach with the coordinator's transfer decision escalate the case to the agency; the
agency adapter delivers it to the agency's inbox; notification writes to the guardian.

Every call carries one W3C trace context, so one trace id spans the thread.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devtools.standins import AgencyDelivery, AgencyInbox, StandIns
from devtools.suite_client import TracedClient, eventually
from devtools.thread_steps import ThreadSteps, deciding_sender
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.devkeys import DevKeyPair


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
    sender = deciding_sender(reaction)
    timeline.mark(
        f"{sender}: {reaction.value} referral {reference} put on {topics.referrals_from(sender)}"
    )
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
