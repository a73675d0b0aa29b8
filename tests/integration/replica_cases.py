"""The cases the replica test drives: referrals put on the senders' topics as the senders, and
youth-sentence cases taken over youth_plan's HTTP API (its replicas in turn) either up the
breach ladder to the escalation that reaches the correctional service, or to a conference
held so long ago that the end of the execution period (§23) falls due at once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import AIOKafkaProducer

from devtools.suite_client import TracedClient, case_transferred, referral_envelope
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.kafka_access import KafkaAccess
from konfliktrad_shared.legal_time import add_months

COORDINATOR = ("youth_coordinator",)
YOUTH_SENDER = "court-oslo"  # a youth sentence is a court's judgment (straffeloven §28 c)
MEDIATION_SENDERS = ("police-oslo", "police-bergen", "prosecution-oslo")
SHORTEST_SENTENCE_MONTHS = 6  # §23 first para


def youth_sentence(reference: str) -> agencies.CaseTransferred:
    """A youth sentence of the shortest period (§23 first para)."""
    transferred = case_transferred(agencies.Reaction.YOUTH_SENTENCE, reference, YOUTH_SENDER)
    return transferred.model_copy(update={"execution_months": SHORTEST_SENTENCE_MONTHS})


async def send_referrals(
    access_of: dict[str, KafkaAccess], referrals: list[tuple[str, agencies.CaseTransferred]]
) -> None:
    """Each referral on its sender's topic, connected as that sender, all senders at once."""
    by_sender: dict[str, list[agencies.CaseTransferred]] = {}
    for sender, referral in referrals:
        by_sender.setdefault(sender, []).append(referral)

    async def send_as(sender: str, batch: list[agencies.CaseTransferred]) -> None:
        producer = AIOKafkaProducer(**access_of[sender].aiokafka_options(), acks="all")
        await producer.start()
        try:
            sends = []
            for referral in batch:
                envelope = referral_envelope(referral, sender)
                sends.append(
                    await producer.send(
                        topics.referrals_from(sender),
                        referral.model_dump_json().encode(),
                        key=referral.subject().encode(),
                        headers=[(k, v.encode()) for k, v in envelope.headers().items()],
                    )
                )
            await asyncio.gather(*sends)
        finally:
            await producer.stop()

    await asyncio.gather(*(send_as(sender, batch) for sender, batch in by_sender.items()))


class YouthDriver:
    """The coordinator's calls, each to the next live youth_plan replica."""

    def __init__(self, client: TracedClient, replicas: Iterator[str]) -> None:
        self._client = client
        self._replicas = replicas

    async def _post(self, case_id: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        base = next(self._replicas)
        response = await self._client.call(
            "POST", f"{base}/cases/{case_id}/{path}", roles=COORDINATOR, body=body
        )
        if not response.is_success:
            raise AssertionError(f"{path} of {case_id}: {response.status_code} {response.text}")
        answer: dict[str, Any] = response.json()
        return answer

    async def conference(self, case_id: str, held_on: date) -> None:
        await self._post(case_id, "conferences", {"starts_at": datetime.now(UTC).isoformat()})
        attendees = ["offender", "guardians", "correctional_service", "police"]
        await self._post(
            case_id,
            "conference-meetings",
            {"held_on": held_on.isoformat(), "attendees": attendees},
        )
        await self._post(
            case_id,
            "plan-approvals",
            {
                "approved_by_coordinator": True,
                "approved_by_offender": True,
                "approved_by_guardians": True,
                "measures": ["c_community_tasks"],
            },
        )

    async def up_the_ladder(self, case_id: str) -> None:
        """Breach, breach conversation, repeated breach with the transfer decision and the
        consents §31 third para asks for: the escalation to the correctional service."""
        today = date.today()
        await self.conference(case_id, today)
        breach = {"occurred_on": today.isoformat(), "obligation": "youth_plan"}
        first = await self._post(case_id, "breaches", breach)
        assert first["step"] == "breach_conversation", first
        await self._post(case_id, "breach-summonses", {"starts_at": datetime.now(UTC).isoformat()})
        await self._post(
            case_id, "breach-conversations", {"held_on": today.isoformat(), "attended": True}
        )
        decision = {"action": "transfer", "consents": ["police", "correctional_service"]}
        second = await self._post(case_id, "breaches", {**breach, "decision": decision})
        assert second["step"] == "transfer", second

    async def period_run_out(self, case_id: str) -> None:
        """The conference recorded as held six months ago, so the period ends today and its
        deadline is due at once (youth_plan takes the meeting's date as given)."""
        await self.conference(case_id, add_months(date.today(), -SHORTEST_SENTENCE_MONTHS))
