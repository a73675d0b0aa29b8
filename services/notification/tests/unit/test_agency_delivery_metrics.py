"""What the adapter hands to an agency, and what it gives up on, is counted per agency."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from konfliktrad_shared.business_metrics import business_metrics
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.outbox_relay import OutboxMessage
from notification.adapters.agency import AgencyInbox, RetryPolicy


def _row(event_id: str) -> OutboxMessage:
    payload = {
        "event_id": event_id,
        "original_type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
        "source": "urn:konfliktrad:youth_plan",
        "time": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
        "about": "case-1",
        "data": {"case_id": "case-1"},
    }
    return OutboxMessage("agency:correctional", "case-1", json.dumps(payload).encode(), {})


def _sample(name: str, **labels: str) -> float:
    return business_metrics().registry.get_sample_value(name, labels) or 0.0


async def test_deliveries_and_refusals_are_counted_per_agency() -> None:
    answers = iter([202, 400])

    def agency(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers))

    inbox = AgencyInbox(
        client=httpx.AsyncClient(transport=httpx.MockTransport(agency)),
        endpoint="http://agency.test/inbox",
        signer=DeliverySigner.generate("correctional-adapter"),
        agency="correctional",
        policy=RetryPolicy(first_backoff_seconds=1, max_backoff_seconds=1),
    )
    delivered = ("konfliktrad_escalations_delivered_total", {"agency": "correctional"})
    parked = (
        "konfliktrad_escalations_parked_total",
        {"agency": "correctional", "reason": "agency_refused"},
    )
    before = (_sample(delivered[0], **delivered[1]), _sample(parked[0], **parked[1]))

    outcomes = await inbox.publish_each([_row("ce-ok"), _row("ce-refused")])

    assert outcomes[0] is None and outcomes[1] is not None and outcomes[1].permanent

    after = (_sample(delivered[0], **delivered[1]), _sample(parked[0], **parked[1]))
    assert after == (before[0] + 1, before[1] + 1)
