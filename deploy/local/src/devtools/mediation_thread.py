"""The mediation thread, played against running services for the demo and its e2e test.

Vetting appoints a mediator; the prosecution transfers a mediation case (strpl §71a first
para) with an adult offender and victim, on its own referral topic; referral registers it and
mediation opens it; the leader assigns the mediator, who schedules the meeting; the parties
sign a written agreement, which the mediator approves in writing (§17); the meeting's outcome
reaches the prosecution's inbox (§20 second para) and both parties get the written notice of
their right to withdraw (§18); the agreement is fulfilled and the prosecution is told at once
(§20 third para).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from devtools.standins import AgencyDelivery, StandIns
from devtools.suite_client import TracedClient, case_transferred, eventually, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread import Timeline
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.devkeys import DevKeyPair

LEADER = ("office_leader",)
SENDER = "prosecution-oslo"
PARTIES = ("offender", "victim-1")


@dataclass(frozen=True)
class MediationResult:
    case_id: str
    reported: list[AgencyDelivery]  # what the prosecution's inbox received, in order
    withdrawal_notices: list[str]  # the addresses the §18 notices went to


def adult_parties(reference: str, standins: StandIns) -> agencies.CaseTransferred:
    """A mediation transfer of adults the contact register knows (they get e-mail)."""
    offender_id = synthetic_national_id(date(1990, 5, 4))
    victim_id = synthetic_national_id(date(1985, 6, 2))
    for national_id, who in ((offender_id, "siktet"), (victim_id, "fornaermet")):
        standins.register.people[national_id] = {"email": address(who, reference)}
    transfer = case_transferred(agencies.Reaction.MEDIATION, reference, SENDER)
    offender = transfer.offender.model_copy(
        update={"national_id": offender_id, "name": "Synthetic Adult", "guardians": []}
    )
    victim = agencies.Victim(national_id=victim_id, name="Synthetic Victim", consents=True)
    return transfer.model_copy(update={"offender": offender, "victims": [victim]})


async def play_mediation(
    *, bootstrap_servers: str, standins: StandIns, keys: DevKeyPair, timeline: Timeline
) -> MediationResult:
    client = TracedClient(keys, trace_id=secrets.token_hex(16))
    try:
        return await _play(ThreadSteps(client, bootstrap_servers), standins, timeline)
    finally:
        await client.close()


async def _play(steps: ThreadSteps, standins: StandIns, timeline: Timeline) -> MediationResult:
    timeline.mark(f"trace id {steps.client.trace_id}")
    mediator_id = (await steps.appoint_mediator())["mediator_id"]
    await steps.wait_on_roster(mediator_id)
    timeline.mark(f"vetting → mediation: mediator {mediator_id} on the office's roster")

    reference = f"POL-{secrets.token_hex(4).upper()}"
    transfer = adult_parties(reference, standins)
    await send_referral(
        steps.bootstrap_servers, transfer, steps.client.traceparent(), sender=SENDER
    )
    timeline.mark(
        f"{SENDER}: mediation transfer {reference} put on {topics.referrals_from(SENDER)}"
    )
    case_id = await steps.wait_registered(reference)
    timeline.mark(f"referral: case {case_id} registered")

    async def opened() -> bool | None:
        got = await steps.client.call("GET", f"{steps.mediation}/cases/{case_id}", roles=LEADER)
        return True if got.status_code == 200 else None

    await eventually(opened, "mediation to open the case")
    mediation = Mediation(steps, case_id, mediator_id)
    await mediation.post("/mediators", {"mediator_ids": [mediator_id]}, as_mediator=False)
    timeline.mark("mediation: case opened, mediator assigned (§14)")

    meeting_id = await mediation.schedule()
    timeline.mark("mediation: meeting scheduled; the parties are invited (§9)")
    agreement_id = await mediation.agree(meeting_id)
    timeline.mark("mediation: written agreement signed, approved by the mediator (§17)")
    await mediation.post(
        f"/meetings/{meeting_id}/outcome",
        {
            "held": True,
            "agreement_reached": True,
            "present": [*PARTIES, mediator_id],
            "told_of_confidentiality": [*PARTIES, mediator_id],
        },
    )
    outcome = await standins.prosecution.wait_for_delivery(case_id)
    timeline.mark(f"prosecution adapter: meeting outcome delivered ({outcome.event_type})")
    documents = outcome.body.get("documents")
    if documents:  # §20 second para: the prosecution fetches the documents with its own token
        fetched = await steps.client.call(
            "GET", f"{steps.mediation}{documents}", roles=("prosecution",)
        )
        fetched.raise_for_status()
        made = fetched.json()["approved_agreement_made"]
        timeline.mark(f"prosecution: the case's documents fetched (approved agreement: {made})")

    notices = await eventually(lambda: _withdrawal_notices(standins, reference), "§18 notices")
    timeline.mark(f"notification: §18 withdrawal notices e-mailed to {', '.join(notices)}")

    await mediation.post(f"/agreements/{agreement_id}/fulfilment", None, as_mediator=False)

    async def both_reported() -> list[AgencyDelivery] | None:
        reported = [d for d in standins.prosecution.deliveries if d.subject == case_id]
        return reported if len(reported) >= 2 else None

    reported = await eventually(both_reported, "the fulfilment at the prosecution")
    timeline.mark(f"prosecution adapter: fulfilment delivered ({reported[-1].event_type})")
    return MediationResult(case_id, reported, notices)


def address(who: str, reference: str) -> str:
    return f"{who}.{reference.lower()}@example.no"  # one pair per run: letters are told apart


async def _withdrawal_notices(standins: StandIns, reference: str) -> list[str] | None:
    """The addresses of this case's §18 letters ("… trekke deg …"), once both parties have one."""
    ours = {address(who, reference) for who in ("siktet", "fornaermet")}
    to = sorted(
        str(m["To"])
        for m in standins.mail.messages
        if str(m["To"]) in ours and "trekke deg" in str(m["Subject"])
    )
    return to if len(to) >= len(PARTIES) else None


class Mediation:
    """One case's calls to mediation: the leader's, and the assigned mediator's own."""

    def __init__(self, steps: ThreadSteps, case_id: str, mediator_id: str) -> None:
        self.steps, self.case_id, self.mediator_id = steps, case_id, mediator_id

    async def post(self, path: str, body: Any, *, as_mediator: bool = True) -> Any:
        response = await self.steps.client.call(
            "POST",
            f"{self.steps.mediation}/cases/{self.case_id}{path}",
            roles=("mediator",) if as_mediator else LEADER,
            subject=self.mediator_id if as_mediator else None,
            body=body,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    async def schedule(self) -> str:
        participants = [{"person_ref": party, "role": "party"} for party in PARTIES]
        participants.append({"person_ref": self.mediator_id, "role": "mediator"})
        meeting = await self.post(
            "/meetings",
            {
                "kind": "mediation_meeting",
                "starts_at": (datetime.now(UTC) + timedelta(days=1)).isoformat(),
                "participants": participants,
            },
            as_mediator=False,
        )
        meeting_id: str = meeting["id"]
        return meeting_id

    async def agree(self, meeting_id: str) -> str:
        apology = {
            "kind": "apology",
            "scope": "a written apology",
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
            "owed_by": "offender",
            "owed_to": "victim-1",
        }
        agreement = await self.post(
            "/agreements",
            {
                "meeting_id": meeting_id,
                "in_writing": True,
                "signed_by": list(PARTIES),
                "performances": [apology],
                "final_settlement": True,
            },
        )
        agreement_id: str = agreement["id"]
        await self.post(
            f"/agreements/{agreement_id}/decisions", {"approves": True, "in_writing": True}
        )
        return agreement_id
