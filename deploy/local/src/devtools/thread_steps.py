"""The thread's steps, one HTTP call (or Kafka message) each, against the running services:
what the demo, the e2e tests and the benchmark drive the suite with."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from devtools.suite import service
from devtools.suite_client import OFFICE, TracedClient, case_transferred, eventually, send_referral
from konfliktrad_shared.contracts import agencies


def deciding_sender(reaction: agencies.Reaction) -> str:
    """Who hands such a case over in the demo: a youth sentence is a court's judgment
    (straffeloven §28 c), the other reactions a prosecution's transfer (strpl §71a)."""
    return "court-oslo" if reaction is agencies.Reaction.YOUTH_SENTENCE else "prosecution-oslo"


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
                    # §6 third para: received, and clean (no entries)
                    "police_certificate_received_on": date.today().isoformat(),
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
        """Put a transfer on its sender's referral topic, as the prosecution (or, for a youth
        sentence, the court) would; its reference."""
        sender = deciding_sender(reaction)
        reference = f"POL-{secrets.token_hex(4).upper()}"
        await send_referral(
            self.bootstrap_servers,
            case_transferred(reaction, reference, sender),
            self.client.traceparent(),
            sender=sender,
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
