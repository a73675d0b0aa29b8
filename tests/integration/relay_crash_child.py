"""The outbox relay that dies at the worst moment, run as its own process by
test_outbox_relay_crash.py:

    python relay_crash_child.py <database_url> <ce_type>

It connects to Kafka as youth_plan's principal, from youth_plan's settings in the environment
(KAFKA_BOOTSTRAP_SERVERS, YOUTH_PLAN_KAFKA_SASL_PASSWORD_FILE, YOUTH_PLAN_KAFKA_SSL_CAFILE).

It runs youth_plan's outbox relay (the real loop and the real Kafka publisher) and, as soon as
`publish_all` returned for a batch holding a `<ce_type>` event (the broker acknowledged every
message with acks=all), prints that batch's `ce_id`s and SIGKILLs itself: the transaction that
would mark the rows sent never commits. Exit code 3 means it was not killed in time.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import Sequence

from konfliktrad_shared.clock import SystemClock
from konfliktrad_shared.db import create_engine
from konfliktrad_shared.messaging import KafkaOutboxPublisher, create_broker
from konfliktrad_shared.outbox_relay import OutboxMessage, OutboxRelay, Publisher
from konfliktrad_shared.telemetry import setup_telemetry
from youth_plan.adapters import orm
from youth_plan.config import YouthPlanSettings

NOT_KILLED = 3


GIVE_UP_SECONDS = 30.0


class DieAfterAcknowledgement:
    def __init__(self, kafka: Publisher, fatal_type: str) -> None:
        self._kafka = kafka
        self._fatal_type = fatal_type

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        await self._kafka.publish_all(messages)
        if any(message.headers.get("ce_type") == self._fatal_type for message in messages):
            print(json.dumps([message.headers["ce_id"] for message in messages]), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)


async def relay_until_killed(database_url: str, fatal_type: str) -> None:
    client_id = "youth_plan-relay-crash"
    access = YouthPlanSettings(database_url=database_url).kafka_access()
    broker = create_broker(access, client_id=client_id, telemetry=setup_telemetry(client_id, None))
    await broker.start()
    relay = OutboxRelay(
        engine=create_engine(database_url),
        outbox=orm.plumbing.outbox,
        publisher=DieAfterAcknowledgement(KafkaOutboxPublisher(broker), fatal_type),
        clock=SystemClock(),
        poll_seconds=0.2,
    )
    try:
        await asyncio.wait_for(relay.run(), timeout=GIVE_UP_SECONDS)
    except TimeoutError:
        print(f"no {fatal_type} published within {GIVE_UP_SECONDS}s", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(relay_until_killed(sys.argv[1], sys.argv[2]))
    sys.exit(NOT_KILLED)
