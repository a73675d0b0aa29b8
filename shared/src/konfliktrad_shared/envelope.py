"""CloudEvents 1.0 in Kafka binary mode: attributes in `ce_*` headers, the payload as JSON.

See https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
REQUIRED_HEADERS = ("ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time")


class MalformedEnvelope(ValueError):
    """A message whose headers are not a CloudEvent this suite can read."""


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    type: str
    source: str
    time: datetime
    subject: str | None = None
    traceparent: str | None = None
    tracestate: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {
            "ce_id": self.id,
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_specversion": SPEC_VERSION,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
        }
        if self.subject is not None:
            headers["ce_subject"] = self.subject
        if self.traceparent is not None:
            headers["traceparent"] = self.traceparent
        if self.tracestate is not None:
            headers["tracestate"] = self.tracestate
        return headers

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Envelope:
        missing = [name for name in REQUIRED_HEADERS if not headers.get(name)]
        if missing:
            raise MalformedEnvelope(f"missing CloudEvents headers: {', '.join(missing)}")
        if headers["ce_specversion"] != SPEC_VERSION:
            raise MalformedEnvelope(
                f"unsupported ce_specversion {headers['ce_specversion']!r}, expected {SPEC_VERSION}"
            )
        try:
            time = datetime.fromisoformat(headers["ce_time"])
        except ValueError as exc:
            raise MalformedEnvelope("ce_time is not an RFC 3339 timestamp") from exc
        return cls(
            id=headers["ce_id"],
            type=headers["ce_type"],
            source=headers["ce_source"],
            time=time,
            subject=headers.get("ce_subject"),
            traceparent=headers.get("traceparent"),
            tracestate=headers.get("tracestate"),
        )


def decode_headers(raw: Mapping[str, str | bytes] | list[tuple[str, bytes]]) -> dict[str, str]:
    """Kafka headers arrive as bytes; undecodable ones are dropped rather than guessed at."""
    items = raw.items() if isinstance(raw, Mapping) else raw
    decoded: dict[str, str] = {}
    for name, value in items:
        if isinstance(value, bytes):
            try:
                decoded[name] = value.decode("utf-8")
            except UnicodeDecodeError:
                continue
        else:
            decoded[name] = value
    return decoded
