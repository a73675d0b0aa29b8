"""`devtools starts`: seconds from a service's process start to its first `/readyz` 200.

Measured as an operator meets it: each service started from its own entry point in a
process of its own, on a fresh state directory (SQLite) and consumer groups of this run only
(`fresh_consumer_groups`, so nothing of other runs is replayed), polled every 20 ms.

- **alone:** one service at a time, started `--repeat` times on the same state: the first
  start creates its database (every migration), the later ones find it at head — a restart
  on a warm broker, the goal's case (≤ 1.5 s).
- **together:** the five services and two adapters started at once, as `devtools up` does
  (the goal: all ready ≤ 8 s after the broker).

A measurement, never a timed test: it prints what it saw.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from devtools import kafka
from devtools.bench_suite import fresh_consumer_groups, wait_for_free_ports
from devtools.cli import Command
from devtools.standins import running_standins
from devtools.suite import SERVICES, Suite
from devtools.up_cli import CORRECTIONAL_INBOX, PROSECUTION_INBOX, SMTP_PORT, local_env
from konfliktrad_shared.devkeys import ensure_dev_keypair

POLL_SECONDS = 0.02


async def _ready_after(suite: Suite, names: list[str], timeout: float) -> dict[str, float]:
    """Seconds from now until each named process answered /readyz with 200."""
    started = time.monotonic()
    urls = {s.name: f"{s.base_url}/readyz" for s in SERVICES if s.name in names}
    ready: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=2.0) as client:
        while len(ready) < len(urls):
            for name, url in urls.items():
                if name in ready:
                    continue
                if suite.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited at start; see its log")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url)).status_code == 200:
                        ready[name] = time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {set(urls) - set(ready)}")
            await asyncio.sleep(POLL_SECONDS)
    return ready


async def _measure(bootstrap: str, state_dir: Path, args: argparse.Namespace) -> None:
    ports = [s.port for s in SERVICES] + [SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX]
    await wait_for_free_ports(ports, 600.0, print)
    ensure_dev_keypair(state_dir / "keys")
    async with running_standins(
        smtp_port=SMTP_PORT,
        prosecution_port=PROSECUTION_INBOX,
        correctional_port=CORRECTIONAL_INBOX,
    ) as standins:
        groups = await fresh_consumer_groups(bootstrap, secrets.token_hex(4), label="starts")
        env = {**local_env(state_dir, bootstrap), **groups, **standins.notification_env()}
        suite = Suite(env, log_dir=state_dir / "logs")
        alone = [s for s in SERVICES if s.name in args.alone] if args.alone else []
        for service in alone:
            figures = []
            for _ in range(args.repeat):
                suite.start_one(service)
                try:
                    figures.append((await _ready_after(suite, [service.name], 60))[service.name])
                finally:
                    suite.stop()
            warm = figures[1:]
            median = f", median of later starts {statistics.median(warm):.2f} s" if warm else ""
            print(
                f"  {service.name:<21} alone: first (migrating) {figures[0]:.2f} s; "
                f"later {' '.join(f'{f:.2f}' for f in warm)} s{median}",
                flush=True,
            )
        for round_ in range(args.together):
            suite.start()
            try:
                ready = await _ready_after(suite, [s.name for s in SERVICES], 180)
            finally:
                suite.stop()
            print(
                f"  together (round {round_ + 1}): all ready in {max(ready.values()):.2f} s — "
                + ", ".join(f"{n} {s:.2f}" for n, s in sorted(ready.items(), key=lambda x: x[1])),
                flush=True,
            )


async def _run_async(args: argparse.Namespace) -> int:
    async with kafka.broker_for_the_run() as bootstrap:
        state_dir = Path(tempfile.mkdtemp(prefix="konfliktrad-starts-"))
        print(f"Start-to-ready on {bootstrap} (state in {state_dir}) …", flush=True)
        try:
            await _measure(bootstrap, state_dir, args)
        finally:
            if args.keep_state:
                print(f"  state and logs kept in {state_dir}")
            else:
                shutil.rmtree(state_dir, ignore_errors=True)
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--alone",
        nargs="*",
        default=["referral"],
        metavar="SERVICE",
        help="services to start one at a time (default referral; none: skip)",
    )
    parser.add_argument("--repeat", type=int, default=4, help="starts of each (default 4)")
    parser.add_argument(
        "--together", type=int, default=1, help="rounds of the whole suite at once (default 1)"
    )
    parser.add_argument("--keep-state", action="store_true", help="keep the state and logs")


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(_run_async(args))


COMMAND = Command(
    help="measure start-to-ready: one service alone (first and later starts), and the suite "
    "started together",
    configure=_configure,
    run=_run,
)
