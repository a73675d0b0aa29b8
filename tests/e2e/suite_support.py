"""What the e2e modules share besides the `suite` fixture (in conftest.py): the running suite's
handles and a reader of a topic's messages about one subject (connected as whoever may read
it: `suite.operator` for the suite's topics)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fixtures.bus import Bus
from fixtures.topic_probe import topic_records

from devtools.standins import StandIns
from konfliktrad_shared.devkeys import DevKeyPair
from konfliktrad_shared.envelope import decode_headers
from konfliktrad_shared.kafka_access import KafkaAccess

SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX = 2525, 9106, 9107  # + KONFLIKTRAD_PORT_OFFSET
# Prometheus' scrape credential for /metrics in this suite (a deployment's comes from a secret).
METRICS_TOKEN = "e2e-scrape-" + "0123456789abcdef" * 2
QUIET_SECONDS = 3.0  # long enough for a duplicate delivery to show up, if there were one


@dataclass
class RunningSuite:
    bus: Bus
    standins: StandIns
    keys: DevKeyPair
    database_urls: dict[str, str] = field(default_factory=dict)  # by service name
    log_dir: Path | None = None
    # Each service's consumer group for this run (by service name): the run's own.
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def bootstrap(self) -> str:
        return self.bus.bootstrap

    @property
    def operator(self) -> KafkaAccess:
        """Reads every topic of the suite (the tests' probes), writes none."""
        return self.bus.operator


def payload(value: bytes | None) -> dict[str, Any]:
    """A message's JSON object, or {} for one that is not (other tests' poison shares the
    topics with these)."""
    try:
        decoded = json.loads(value or b"")
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


async def messages_about(
    reader: KafkaAccess, topic: str, subject: str
) -> list[tuple[dict[str, str], bytes]]:
    """Every message on `topic` whose ce_subject is `subject`: headers and value."""
    return await messages_where(
        reader, topic, lambda headers, _: headers.get("ce_subject") == subject
    )


async def messages_where(
    reader: KafkaAccess, topic: str, wanted: Callable[[dict[str, str], bytes], bool]
) -> list[tuple[dict[str, str], bytes]]:
    """Every message on `topic`, from the start to its current end, that `wanted` accepts."""
    found = []
    for record in await topic_records(reader, topic):
        headers = decode_headers(record.headers)
        if wanted(headers, record.value):
            found.append((headers, record.value))
    return found
