"""kcat as an integrator's system: with the settings docs/integrating-referrals.md documents,
`deploy/local/kcat-referral.sh` sends a referral the suite registers, on the partition the Java
and aiokafka clients would choose for its key. Without credentials, with a wrong password,
over PLAINTEXT or on another sender's topic the broker refuses the record and nothing of it is
written or registered; without credentials nothing can be read either."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.partitioner import DefaultPartitioner
from fixtures.bus import Bus
from suite_support import RunningSuite

from devtools.kafka_groups import topic_partitions
from devtools.suite import service
from devtools.suite_client import TracedClient
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared.contracts.topics import referrals_from
from konfliktrad_shared.kafka_access import KafkaAccess

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "local" / "kcat-referral.sh"
SENDER = "police-oslo"
TOPIC = referrals_from(SENDER)
pytestmark = pytest.mark.e2e

QUIET_SECONDS = 5.0  # time enough for referral to register a record, had one been written


def kcat() -> str:
    found = shutil.which("kcat")
    if found is None:
        pytest.fail("kcat is missing: `apt-get install kcat` (deploy/local/install.sh does)")
    return found


def script_env(bus: Bus, reference: str) -> dict[str, str]:
    return {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bus.bootstrap,
        "SENDER": SENDER,
        "REFERENCE": reference,
        "KAFKA_PRINCIPALS_DIR": str(bus.principals_dir.resolve()),
        "KAFKA_SSL_CAFILE": str(bus.cafile.resolve()),
    }


def send_with_kcat(bootstrap: str, topic: str, settings: dict[str, str], reference: str) -> str:
    """kcat -P with only `settings` for security: its stderr, once it has given up."""
    command = [kcat(), "-P", "-b", bootstrap, "-t", topic, "-k", reference]
    options = [f"-X{name}={value}" for name, value in settings.items()]
    done = subprocess.run(
        [*command, "-Xpartitioner=murmur2_random", "-Xmessage.timeout.ms=15000", *options],
        input=f'{{"sender_reference": "{reference}"}}',
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0, f"kcat was let through with {sorted(settings)}"
    return done.stderr


def scram(bus: Bus, principal: str, password: str | None = None) -> dict[str, str]:
    return {
        "security.protocol": "sasl_ssl",
        "sasl.mechanisms": "SCRAM-SHA-512",
        "sasl.username": principal,
        "sasl.password": password or bus.password_file(principal).read_text("utf-8").strip(),
        "ssl.ca.location": str(bus.cafile),
    }


async def keys_on(operator: KafkaAccess, topic: str) -> dict[str, int]:
    """Each record's key on `topic`, with its partition, read by the operator."""
    partitions = await topic_partitions(operator, topic)
    consumer = AIOKafkaConsumer(**operator.aiokafka_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(partitions)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        found: dict[str, int] = {}
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            for tp, records in (await consumer.getmany(timeout_ms=500)).items():
                found |= {(r.key or b"").decode(errors="replace"): tp.partition for r in records}
        return found
    finally:
        await consumer.stop()


async def registered(suite: RunningSuite, reference: str) -> list[object]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        found = await client.call(
            "GET",
            f"{service('referral').base_url}/cases?sender_reference={reference}",
            roles=("case_officer",),
        )
        found.raise_for_status()
        cases: list[object] = found.json()
        return cases
    finally:
        await client.close()


async def test_the_documented_kcat_command_sends_a_referral_that_is_registered(
    suite: RunningSuite,
) -> None:
    reference = f"KCAT-{secrets.token_hex(4).upper()}"
    sent = await asyncio.to_thread(
        subprocess.run,
        ["bash", str(SCRIPT)],
        env=script_env(suite.bus, reference),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip().splitlines()[-1] == reference

    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        case_id = await ThreadSteps(client, suite.bootstrap).wait_registered(reference)
    finally:
        await client.close()
    assert case_id

    # murmur2_random puts the key where aiokafka's (and Java's) default partitioner does.
    partitions = await keys_on(suite.operator, TOPIC)
    expected = DefaultPartitioner()(reference.encode(), [0, 1, 2], [0, 1, 2])
    assert partitions[reference] == expected


async def test_kcat_without_the_senders_credentials_is_refused_and_nothing_is_written(
    suite: RunningSuite,
) -> None:
    bus, cafile = suite.bus, str(suite.bus.cafile)
    attempts = {
        "no credentials": ({"security.protocol": "ssl", "ssl.ca.location": cafile}, TOPIC),
        "over PLAINTEXT": ({"security.protocol": "plaintext"}, TOPIC),
        "a wrong password": (scram(bus, SENDER, password="not-the-password"), TOPIC),
        "another sender's credentials": (scram(bus, "police-bergen"), TOPIC),
        "on another sender's topic": (scram(bus, SENDER), referrals_from("police-bergen")),
    }
    references: dict[str, str] = {}
    refusals: dict[str, str] = {}
    for what, (settings, topic) in attempts.items():
        reference = f"KCAT-REFUSED-{secrets.token_hex(4).upper()}"
        references[what] = reference
        refusals[what] = await asyncio.to_thread(
            send_with_kcat, bus.bootstrap, topic, settings, reference
        )

    assert "Authentication failed" in refusals["a wrong password"]
    assert "Topic authorization failed" in refusals["another sender's credentials"]
    assert "Topic authorization failed" in refusals["on another sender's topic"]
    for what in ("no credentials", "over PLAINTEXT"):
        assert "Disconnected" in refusals[what], refusals[what]

    await asyncio.sleep(QUIET_SECONDS)
    written = (await keys_on(suite.operator, TOPIC)) | await keys_on(
        suite.operator, referrals_from("police-bergen")
    )
    assert not set(references.values()) & set(written)
    for reference in references.values():
        assert await registered(suite, reference) == []


@pytest.mark.parametrize("security", ["plaintext", "ssl"])
def test_kcat_without_credentials_reads_nothing(suite: RunningSuite, security: str) -> None:
    done = subprocess.run(
        [
            *(kcat(), "-C", "-b", suite.bootstrap, "-t", TOPIC, "-e", "-o", "beginning"),
            *(f"-Xsecurity.protocol={security}", f"-Xssl.ca.location={suite.bus.cafile}"),
            *("-f", "%k %s\n"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
