"""An outbox relay that is SIGKILLed at a chosen point, run as its own process by
test_outbox_relay_crashes_under_load.py:

    python relay_crashes_child.py <database_url> <how> [<publish call>]

It runs the suite's real `OutboxRelay` loop with the real `KafkaOutboxPublisher` on a
`create_broker` producer (acks=all, idempotence), over the plumbing tables of the database at
<database_url>, connected as the principal in RELAY_CRASH_KAFKA_USERNAME (password file in
RELAY_CRASH_KAFKA_PASSWORD_FILE, CA in RELAY_CRASH_KAFKA_CAFILE, brokers in
KAFKA_BOOTSTRAP_SERVERS). It prints "relaying" once its producer is connected.

<how> says where it dies, on the <publish call>-th batch it is given:
- `before_publish`: the rows are claimed, nothing was sent;
- `mid_batch`: the first half of the batch was sent and acknowledged, the rest not;
- `after_ack`: the whole batch was acknowledged, the rows are not marked sent;
- `outside`, `healthy`: it never kills itself (the test kills it, or stops it at the end).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.db import create_engine, define_plumbing_tables, new_metadata
from konfliktrad_shared.kafka_access import KafkaAccess
from konfliktrad_shared.messaging import KafkaOutboxPublisher, create_broker
from konfliktrad_shared.outbox_relay import OutboxMessage, OutboxRelay, Publisher
from konfliktrad_shared.telemetry import setup_telemetry

DIES_INSIDE = ("before_publish", "mid_batch", "after_ack")


class DieAtPublishCall:
    """Only `publish_all`, so any relay, whole-batch or per-row, treats a batch as one."""

    def __init__(self, kafka: Publisher, how: str, call: int) -> None:
        self._kafka = kafka
        self._how = how
        self._call = call
        self._calls = 0

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> Any:
        self._calls += 1
        if self._how not in DIES_INSIDE or self._calls < self._call:
            return await self._kafka.publish_all(messages)
        if self._how == "mid_batch":
            await self._kafka.publish_all(messages[: max(1, len(messages) // 2)])
        elif self._how == "after_ack":
            await self._kafka.publish_all(messages)
        os.kill(os.getpid(), signal.SIGKILL)


def kafka_access() -> KafkaAccess:
    return KafkaAccess(
        bootstrap_servers=os.environ["KAFKA_BOOTSTRAP_SERVERS"],
        username=os.environ["RELAY_CRASH_KAFKA_USERNAME"],
        password=Path(os.environ["RELAY_CRASH_KAFKA_PASSWORD_FILE"]).read_text().strip(),
        cafile=Path(os.environ["RELAY_CRASH_KAFKA_CAFILE"]),
    )


async def relay(access: KafkaAccess, database_url: str, how: str, call: int) -> None:
    client_id = f"relay-crash-{how}"
    broker = create_broker(access, client_id=client_id, telemetry=setup_telemetry(client_id, None))
    await broker.start()
    outbox = define_plumbing_tables(new_metadata()).outbox
    relay = OutboxRelay(
        engine=create_engine(database_url),
        outbox=outbox,
        publisher=DieAtPublishCall(KafkaOutboxPublisher(broker), how, call),
        clock=SystemClock(),
        poll_seconds=0.1,
        batch_size=50,
    )
    print("relaying", flush=True)
    await relay.run()


if __name__ == "__main__":
    database_url, how = sys.argv[1], sys.argv[2]
    call = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    asyncio.run(relay(kafka_access(), database_url, how, call))
