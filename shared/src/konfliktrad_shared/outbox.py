"""The transactional outbox: integration events are rows written in the business transaction.

Nothing here publishes; `outbox_relay` does, after the transaction committed. That is what makes
"the case changed" and "the world was told" one atomic fact instead of a dual write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from opentelemetry import propagate

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.envelope import Envelope

NOTIFY_CHANNEL = "konfliktrad_outbox"


@dataclass(frozen=True, slots=True)
class OutgoingEvent:
    topic: str
    event: IntegrationEvent


def outbox_row(outgoing: OutgoingEvent, *, source: str, now: datetime) -> dict[str, Any]:
    """One outbox row, carrying the writer's trace context so the publish joins its trace."""
    trace_carrier: dict[str, str] = {}
    propagate.inject(trace_carrier)
    event = outgoing.event
    envelope = Envelope(
        id=str(uuid4()),
        type=event.event_type,
        source=source,
        time=now,
        subject=event.subject(),
        traceparent=trace_carrier.get("traceparent"),
        tracestate=trace_carrier.get("tracestate"),
    )
    return {
        "event_id": envelope.id,
        "topic": outgoing.topic,
        "message_key": event.subject(),
        "event_type": event.event_type,
        "payload": event.model_dump_json(),
        "headers": envelope.headers(),
        "created_at": now,
        "published_at": None,
    }
