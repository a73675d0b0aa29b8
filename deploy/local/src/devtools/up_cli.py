"""`devtools up`: the whole suite on its embedded defaults, a demo of the thread, then wait.

Kafka from the project's own broker (or KAFKA_BOOTSTRAP_SERVERS), each process connected as
its own principal; one SQLite file per service, a loopback SMTP server and stand-ins for the
agencies' inboxes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from pathlib import Path

from devtools import kafka
from devtools.bus_access import broker_protocol, ca_file, password_file, service_kafka_env
from devtools.cli import Command
from devtools.mediation_thread import play_mediation
from devtools.standins import running_standins
from devtools.suite import SERVICES, Suite
from devtools.thread import Timeline, play_thread
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.devkeys import ensure_dev_keypair
from konfliktrad_shared.kafka_access import SecurityProtocol
from konfliktrad_shared.local_paths import local_state_dir

SMTP_PORT, PROSECUTION_INBOX, CORRECTIONAL_INBOX = 2525, 9106, 9107


def local_env(state_dir: Path, bootstrap: str) -> dict[str, str]:
    """The suite's settings for a local run keeping its state in `state_dir`. The services
    find their Kafka credentials there themselves when it is the broker's state directory;
    in any other (the benchmark's, the tests') they are told where the broker's are."""
    elsewhere = state_dir.resolve() != local_state_dir().resolve()
    return service_kafka_env(credential_files=elsewhere) | {
        "KONFLIKTRAD_STATE_DIR": str(state_dir),
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "REFERRAL_ACCEPT_SYNTHETIC_NATIONAL_IDS": "true",
        "NOTIFICATION_SMTP_PORT": str(SMTP_PORT),
        "PROSECUTION_ADAPTER_AGENCY_ENDPOINT": f"https://127.0.0.1:{PROSECUTION_INBOX}/inbox",
        "CORRECTIONAL_ADAPTER_AGENCY_ENDPOINT": f"https://127.0.0.1:{CORRECTIONAL_INBOX}/inbox",
    }


async def _up(args: argparse.Namespace) -> int:
    print("Starting Kafka (KRaft) …", flush=True)
    async with kafka.broker_for_the_run() as bootstrap:
        return await _run_suite(args, bootstrap)


async def _run_suite(args: argparse.Namespace, bootstrap: str) -> int:
    state_dir = local_state_dir().resolve()
    keys = ensure_dev_keypair(state_dir / "keys")
    async with running_standins(
        smtp_port=SMTP_PORT,
        prosecution_port=PROSECUTION_INBOX,
        correctional_port=CORRECTIONAL_INBOX,
    ) as standins:
        env = local_env(state_dir, bootstrap) | standins.notification_env()
        suite = Suite(env, log_dir=state_dir / "logs")
        suite.start()
        try:
            ready = await suite.wait_ready()
            print(f"Suite ready on {bootstrap} (logs in {state_dir / 'logs'}):")
            print(f"  {bus_facts()}")
            for service in SERVICES:
                print(
                    f"  {service.name:<21} {service.base_url}/docs   ready in "
                    f"{ready[service.name]:.1f}s"
                )
            for reaction in (Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE):
                print(f"\nThe thread, {reaction.value}:")
                await play_thread(
                    bootstrap_servers=bootstrap,
                    standins=standins,
                    keys_dir=keys,
                    reaction=reaction,
                    timeline=Timeline(),
                )
            print("\nThe mediation thread:")
            await play_mediation(
                bootstrap_servers=bootstrap, standins=standins, keys=keys, timeline=Timeline()
            )
            if args.demo_only:
                return 0
            print(
                "\nThe suite is running. API docs: http://127.0.0.1:8001/docs … :8007/docs. "
                "Mint a token with `uv run python -m devtools token --role youth_coordinator`."
                "\nPress Ctrl-C to stop."
            )
            await _until_interrupted()
            return 0
        finally:
            print("Stopping the suite …", flush=True)
            suite.stop()


def bus_facts() -> str:
    if broker_protocol() is SecurityProtocol.PLAINTEXT:
        return "Kafka over PLAINTEXT (an open broker: no client is authenticated)"
    return (
        "Kafka over SASL_SSL (SCRAM-SHA-512), every process as its own principal; "
        f"passwords in {password_file('police-oslo').parent}, CA {ca_file()}"
    )


async def _until_interrupted() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo-only", action="store_true", help="stop after the demo instead of waiting"
    )


def _run(args: argparse.Namespace) -> int:
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_up(args))
    return 130


COMMAND = Command(
    help="start the whole suite locally, play the demo thread, run until Ctrl-C",
    configure=_configure,
    run=_run,
)
