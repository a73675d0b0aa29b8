"""The headers and key of every message in the AsyncAPI documents: the CloudEvents envelope,
and on a dead-letter topic the original headers plus the dlq_* ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.envelope import CONTENT_TYPE, REQUIRED_HEADERS, SPEC_VERSION

KAFKA_BINDING_VERSION = "0.4.0"  # the version FastStream writes for its channel bindings
# The `PoisonMessage` reasons `konfliktrad_shared.messaging` (and referral's consumer) raise.
DEAD_LETTER_REASONS = frozenset(
    {
        "empty_value",
        "oversized",
        "malformed_envelope",
        "unknown_type",
        "invalid_json",
        "schema_violation",
        "rule_violation",
    }
)


def cloud_event_headers(event_types: list[str], source: str | None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "ce_id": {"type": "string", "description": "Event id (a UUID); the inbox key."},
        "ce_type": {"type": "string", "enum": event_types},
        "ce_source": (
            {"type": "string", "const": source}
            if source
            else {"type": "string", "description": "urn:konfliktrad:<service>"}
        ),
        "ce_specversion": {"type": "string", "const": SPEC_VERSION},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string", "description": "The aggregate id; equals the key."},
        "content-type": {"type": "string", "const": CONTENT_TYPE},
        "traceparent": {"type": "string", "description": "W3C trace context of the writer."},
        "tracestate": {"type": "string"},
    }
    return {
        "type": "object",
        "description": "CloudEvents 1.0, Kafka protocol binding, binary content mode.",
        "required": list(REQUIRED_HEADERS),
        "properties": properties,
    }


# Fixed values, so the documents stay deterministic; only the shape matters.
EXAMPLE_EVENT_ID = "3f1c2b9e-7a4d-4c1e-9b8a-2d5e6f7a8b9c"
EXAMPLE_TIME = "2026-10-15T13:45:00+02:00"
EXAMPLE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
EXAMPLE_EXTERNAL_SOURCE = "urn:no:politiet:oslo"
"""A sender outside the suite names itself; this is what the demo's police district uses."""


def message_examples(
    contracts: Sequence[type[IntegrationEvent]], source: str | None
) -> list[dict[str, Any]]:
    """One example message (headers and payload) per example in each contract's schema."""
    examples: list[dict[str, Any]] = []
    for contract in contracts:
        for number, payload in enumerate(contract.model_json_schema().get("examples", []), 1):
            subject = contract.model_validate(payload).subject()
            examples.append(
                {
                    "name": f"{contract.__name__}-{number}",
                    "summary": f"{contract.event_type} (key: {subject})",
                    "headers": {
                        "ce_id": EXAMPLE_EVENT_ID,
                        "ce_type": contract.event_type,
                        "ce_source": source or EXAMPLE_EXTERNAL_SOURCE,
                        "ce_specversion": SPEC_VERSION,
                        "ce_time": EXAMPLE_TIME,
                        "ce_subject": subject,
                        "content-type": CONTENT_TYPE,
                        "traceparent": EXAMPLE_TRACEPARENT,
                    },
                    "payload": payload,
                }
            )
    return examples


def dead_letter_headers(original_topic: str) -> dict[str, Any]:
    reasons = sorted(DEAD_LETTER_REASONS)
    return {
        "type": "object",
        "description": "The original message's headers (those that decode as UTF-8), plus:",
        "required": [
            "dlq_reason",
            "dlq_error",
            "dlq_consumer",
            "dlq_original_topic",
            "dlq_original_partition",
            "dlq_original_offset",
        ],
        "properties": {
            "dlq_reason": {"type": "string", "enum": reasons},
            "dlq_error": {
                "type": "string",
                "maxLength": 1000,
                "description": "What was wrong, never the offending values.",
            },
            "dlq_consumer": {"type": "string", "description": "The consumer that gave up."},
            "dlq_original_topic": {"type": "string", "const": original_topic},
            "dlq_original_partition": {"type": "string", "pattern": "^[0-9]+$"},
            "dlq_original_offset": {"type": "string", "pattern": "^[0-9]+$"},
        },
    }


def key_binding(description: str) -> dict[str, Any]:
    return {
        "kafka": {
            "bindingVersion": KAFKA_BINDING_VERSION,
            "key": {"type": "string", "description": description},
        }
    }
