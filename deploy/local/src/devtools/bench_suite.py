"""The suite as `devtools bench` starts it: on ports nobody else holds, with consumer groups
of its own, each service's start-to-ready time and resident memory around the timed
escalations (which `bench_escalations` takes). The intake is measured apart, on its own
stages (`bench_intake_runs`)."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from devtools._proc import port_open
from devtools.bench_escalations import ThreadSample, time_escalations
from devtools.bench_options import Options
from devtools.bus_access import client_access
from devtools.kafka_groups import end_offsets, start_group_at
from devtools.standins import running_standins
from devtools.suite import SERVICES, Suite
from devtools.up_cli import CORRECTIONAL_INBOX, PROSECUTION_INBOX, SMTP_PORT, local_env
from konfliktrad_shared.bus_rights import principal, principal_name
from konfliktrad_shared.devkeys import ensure_dev_keypair


@dataclass(frozen=True)
class ThreadFigures:
    samples: list[ThreadSample]
    cpu_ms_per_escalation: dict[str, float]
    ready: dict[str, float]
    rss_idle: dict[str, int | None]
    rss_after: dict[str, int | None]


def resident_kib(pid: int) -> int | None:
    """VmRSS of a live process, from /proc (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


async def wait_for_free_ports(
    ports: Sequence[int], patience: float, say: Callable[[str], None]
) -> None:
    """Someone else's suite may hold the ports for a while: wait for it, never kill it."""
    deadline = time.monotonic() + patience
    announced = False
    while True:
        busy = [port for port in ports if await asyncio.to_thread(port_open, port)]
        if not busy:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"ports still in use after {patience:.0f}s: {busy}")
        if not announced:
            say(f"  ports {busy} are in use (another run?); waiting up to {patience:.0f}s …")
            announced = True
        await asyncio.sleep(5)


async def fresh_consumer_groups(
    bootstrap: str, run_id: str, label: str = "bench"
) -> dict[str, str]:
    """A consumer group per service for this run only, committed at the topics' current end.

    The state directory is fresh, so the groups must be too: the default groups are shared
    with every other run on this broker, and a new group with `auto_offset_reset=earliest`
    would replay the broker's whole history (other runs' cases, other tests' poison) first.
    Each group is named within its service's group prefix and placed by the service's own
    principal, on the topics it reads. Returns the settings (`<PREFIX>CONSUMER_GROUP`) for
    the services' environment.
    """
    operator = client_access("operator", bootstrap)
    admin = AIOKafkaAdminClient(**operator.aiokafka_options())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        read = {t for one in SERVICES for t in principal(principal_name(one.name)).reads}
        wanted = sorted(read & existing)
        described = await admin.describe_topics(wanted) if wanted else []
    finally:
        await admin.close()
    partitions = [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]
    ]
    ends = await end_offsets(operator, partitions) if partitions else {}
    env: dict[str, str] = {}
    for service in SERVICES:
        group = f"{service.name}-{label}-{run_id}"
        env[f"{service.env_prefix}CONSUMER_GROUP"] = group
        own = principal_name(service.name)
        reads = principal(own).reads
        offsets = {tp: offset for tp, offset in ends.items() if tp.topic in reads}
        if offsets:
            await start_group_at(client_access(own, bootstrap), group, offsets)
    return env


async def measure_thread(bootstrap: str, state_dir: Path, options: Options) -> ThreadFigures:
    say = options.say
    suite_ports = [s.port for s in SERVICES] + [SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX]
    keys = ensure_dev_keypair(state_dir / "keys")
    for attempt in range(1, 6):
        await wait_for_free_ports(suite_ports, options.port_patience, say)
        try:
            async with running_standins(
                smtp_port=SMTP_PORT,
                prosecution_port=PROSECUTION_INBOX,
                correctional_port=CORRECTIONAL_INBOX,
            ) as standins:
                groups = await fresh_consumer_groups(bootstrap, secrets.token_hex(4))
                env = {**local_env(state_dir, bootstrap), **groups, **standins.notification_env()}
                suite = Suite(env, log_dir=state_dir / "logs")
                suite.start()
                try:
                    try:
                        ready = await suite.wait_ready(timeout=180)
                    except RuntimeError as exc:
                        # A service that exits at start most likely lost a port race.
                        say(f"  a service did not start ({exc}); retrying (attempt {attempt})")
                        continue
                    say("  suite ready: " + ", ".join(f"{n} {s:.1f}s" for n, s in ready.items()))
                    await asyncio.sleep(1.0)  # let start-up work settle before "idle"
                    rss_idle = {n: resident_kib(p.pid) for n, p in suite.processes.items()}
                    pids = {n: p.pid for n, p in suite.processes.items()}
                    samples, cpu = await time_escalations(bootstrap, standins, keys, pids, options)
                    rss_after = {n: resident_kib(pid) for n, pid in pids.items()}
                    return ThreadFigures(samples, cpu, ready, rss_idle, rss_after)
                finally:
                    suite.stop()
        except RuntimeError as exc:
            if "could not start" not in str(exc):
                raise
            say(f"  a stand-in could not start ({exc}); retrying (attempt {attempt})")
        await asyncio.sleep(5)
    raise RuntimeError("the suite could not be started; see the logs in " + str(state_dir))
