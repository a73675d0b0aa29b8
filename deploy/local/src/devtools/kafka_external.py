"""A Kafka the project did not start: the cluster at KAFKA_BOOTSTRAP_SERVERS, reached as the
admin tooling with the settings `devtools.bus_access` reads, and waiting for any broker."""

from __future__ import annotations

import asyncio
import os
import time

from devtools import kafka_security
from devtools._sync import run_sync
from devtools.kafka_layout import LocalKafkaError
from devtools.kafka_probe import broker_ids
from konfliktrad_shared.kafka_access import KafkaAccess

BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS"


def external_bootstrap() -> str | None:
    """The Kafka named by KAFKA_BOOTSTRAP_SERVERS, if any: then nothing local
    is started."""
    return os.environ.get(BOOTSTRAP_ENV) or None


def external_access(bootstrap: str) -> KafkaAccess:
    """The admin tooling on the cluster at KAFKA_BOOTSTRAP_SERVERS, with the settings
    `devtools.bus_access` reads (KAFKA_PRINCIPALS_DIR/admin.password, KAFKA_SSL_CAFILE,
    KAFKA_SECURITY_PROTOCOL)."""
    from devtools.bus_access import client_access

    return client_access(kafka_security.ADMIN, bootstrap)


def wait_for_kafka(
    bootstrap: str, ready_within: float = 90.0, access: KafkaAccess | None = None
) -> frozenset[int]:
    """Wait until some broker at `bootstrap` answers `access`; return the broker ids."""

    async def poll() -> frozenset[int]:
        deadline = time.monotonic() + ready_within
        while True:
            ids = await broker_ids(bootstrap, 5.0, access)
            if ids:
                return ids
            if time.monotonic() >= deadline:
                raise LocalKafkaError(
                    f"no Kafka broker answers at {bootstrap} after {ready_within:.0f}s"
                )
            await asyncio.sleep(0.5)

    return run_sync(poll())
