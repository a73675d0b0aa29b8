"""The headers and key of every message in the AsyncAPI documents: the CloudEvents envelope,
and on a dead-letter topic the original headers plus the dlq_* ones."""

from __future__ import annotations

from typing import Any

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
