"""Ask a Kafka cluster which brokers it has, with a real metadata request."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaClient

from konfliktrad_shared.kafka_access import KafkaAccess, SecurityProtocol


def _hosts(bootstrap: str) -> list[tuple[str, int]]:
    hosts = []
    for entry in bootstrap.split(","):
        host, _, port = entry.strip().rpartition(":")
        hosts.append((host or "127.0.0.1", int(port)))
    return hosts


async def _any_port_open(bootstrap: str, within: float) -> bool:
    for host, port in _hosts(bootstrap):
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), within)
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return True
    return False


async def broker_ids(
    bootstrap: str, within: float = 5.0, access: KafkaAccess | None = None
) -> frozenset[int] | None:
    """Ids of the live brokers as reported by the first reachable bootstrap
    server, or None if none answers within `within` seconds. `access` is who
    asks: a secured listener answers only an authenticated client; without
    it the probe speaks PLAINTEXT.

    A KRaft broker only serves requests once the controller has unfenced it,
    so a node listing itself here is really ready for clients.
    """
    # Checking the port first keeps aiokafka from logging a connection error
    # on every poll while a broker is still booting.
    if not await _any_port_open(bootstrap, min(within, 1.0)):
        return None
    options = (access or KafkaAccess(bootstrap, SecurityProtocol.PLAINTEXT)).aiokafka_options()
    client = AIOKafkaClient(
        **options,
        request_timeout_ms=int(within * 1000),
        client_id="konfliktrad-devtools-probe",
    )
    try:
        await asyncio.wait_for(client.bootstrap(), within)
        brokers = client.cluster.brokers()
        return frozenset(int(broker.nodeId) for broker in brokers)
    except Exception:  # whatever the failure, it means "not ready yet"
        return None
    finally:
        with contextlib.suppress(Exception):
            await client.close()
