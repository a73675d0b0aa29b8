"""The record of every reveal of a dead letter's payload: who, when, which record, why.

An append-only file of JSON lines, written and flushed to disk before the payload is shown
(a reveal that cannot be recorded does not happen). A file rather than a topic: the operator
principal's rights stay what replay needs, and the audit does not depend on the bus it is
used to repair. In production the file lies on the log shipper's path (and can be made
`chattr +a`); every record also goes to the `konfliktrad.audit` logger.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("konfliktrad.audit")


@dataclass(frozen=True, slots=True)
class Reveal:
    principal: str
    topic: str
    position: str
    reason: str


def record_reveal(path: Path, reveal: Reveal) -> dict[str, str]:
    entry = {
        "time": datetime.now(UTC).isoformat(),
        "action": "dlq.reveal",
        "os_user": getpass.getuser(),
        "principal": reveal.principal,
        "topic": reveal.topic,
        "position": reveal.position,
        "reason": reveal.reason,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (json.dumps(entry, sort_keys=True) + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    log.warning("payload revealed", extra={"event_type": "dlq.reveal", "audit": entry})
    return entry
