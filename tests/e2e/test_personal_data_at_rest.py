"""Quality bar, security scenario 12 (§9): after referrals and a civil case have gone through
the running suite, every service's database, every log line and every record on the suite's
own topics are searched for the test parties' national ids and names — 0 plaintext hits.

The senders' own referral topics (`konfliktrad.referrals.v1.<sender>`, and their dead-letter
topics) are the one place that carries them by contract: the police and courts must identify
the parties to the office. The topics are read as the operator, who may read them all.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from fixtures.topic_probe import (
    committed_offsets,
    end_offsets,
    eventually_true,
    topic_records,
)
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from suite_support import RunningSuite

from devtools.suite_client import TracedClient, case_transferred, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared import bus_rights
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = pytest.mark.e2e

INBOUND = {
    topic
    for sender in bus_rights.senders()
    for topic in (sender.referral_topic, topics.dead_letter_topic(sender.referral_topic))
}
SENDER = "police-oslo"  # who sends this test's referral (send_referral's default)


@pytest.fixture
async def steps(suite: RunningSuite) -> AsyncIterator[ThreadSteps]:
    client = TracedClient(suite.keys, trace_id=secrets.token_hex(16))
    try:
        yield ThreadSteps(client, suite.bootstrap)
    finally:
        await client.close()


async def consumed_to_the_end(operator: KafkaAccess, groups: tuple[str, ...]) -> None:
    """Wait until each group has committed past everything on referral's topic now."""
    ends = await end_offsets(operator, [topics.REFERRAL_EVENTS])

    async def caught_up() -> bool:
        for group in groups:
            committed = await committed_offsets(operator, group)
            if any(committed.get(tp, 0) < end for tp, end in ends.items()):
                return False
        return True

    await eventually_true(caught_up, "the services to consume the registrations", timeout=60)


async def database_text(url: str) -> str:
    """Every row of every table of one database, as text."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            metadata = MetaData()
            await connection.run_sync(metadata.reflect)
            rows = [
                dict(row)
                for table in metadata.sorted_tables
                for row in (await connection.execute(table.select())).mappings()
            ]
    finally:
        await engine.dispose()
    return json.dumps(rows, default=str, ensure_ascii=False)


async def topics_bytes(operator: KafkaAccess) -> bytes:
    """Every record of every topic of the suite but the inbound ones."""
    chunks: list[bytes] = []
    for name in sorted(bus_rights.suite_topics() - INBOUND):
        for record in await topic_records(operator, name):
            chunks += [record.key or b"", record.value or b""]
            chunks += [value for _, value in record.headers or ()]
    return b"\n".join(chunks)


async def test_par9_no_national_id_or_name_in_any_database_log_or_internal_topic(
    suite: RunningSuite, steps: ThreadSteps
) -> None:
    marker = secrets.token_hex(3)
    offender_id = synthetic_national_id(date(2010, 7, 23))
    victim_id = synthetic_national_id(date(1971, 11, 29))
    claimant_id = synthetic_national_id(date(1969, 4, 17))
    names = [f"Offender Quux{marker}", f"Victim Quux{marker}", f"Claimant Quux{marker}"]
    secrets_to_find: list[str] = [offender_id, victim_id, claimant_id, *names]

    transfer = case_transferred(agencies.Reaction.MEDIATION, f"POL-{marker}")
    transfer = transfer.model_copy(
        update={
            "offender": transfer.offender.model_copy(
                update={"national_id": offender_id, "name": names[0]}
            ),
            "victims": [agencies.Victim(national_id=victim_id, name=names[1], consents=True)],
        }
    )
    await send_referral(suite.bootstrap, transfer, steps.client.traceparent(), sender=SENDER)
    await steps.wait_registered(f"POL-{marker}")
    party = {"municipality": "0301", "consents": True}
    filing = {
        "sender_reference": f"CIV-{marker}",
        "submitted_by": "public_agency",
        "submitter": "NAV Oslo",
        "harm": "harm",
        "claimant": {**party, "name": names[2], "national_id": claimant_id},
        "respondents": [{**party, "name": f"Respondent Quux{marker}"}],
    }
    filed = await steps.client.call(
        "POST", f"{steps.referral}/civil-cases", roles=("case_officer",), body=filing
    )
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]
    decided = await steps.client.call(
        "POST",
        f"{steps.referral}/cases/{case_id}/suitability",
        roles=("office_leader",),
        body={"suitable": True},
    )
    assert decided.status_code == 200, decided.text
    await consumed_to_the_end(suite.operator, ("mediation", "youth_plan", "notification"))

    found: dict[str, Any] = {}
    for service, url in suite.database_urls.items():
        text = await database_text(url)
        found |= {f"{service} database: {s}": True for s in secrets_to_find if s in text}
    records = await topics_bytes(suite.operator)
    found |= {f"topic: {s}": True for s in secrets_to_find if s.encode() in records}
    assert suite.log_dir is not None
    for log in suite.log_dir.glob("*.log"):
        text = log.read_text(errors="replace")
        found |= {f"{log.name}: {s}": True for s in secrets_to_find if s in text}
    assert records, "the internal topics were read"
    inbound = b"".join(
        r.value or b"" for r in await topic_records(suite.operator, topics.referrals_from(SENDER))
    )
    assert offender_id.encode() in inbound, "the search finds an id where it is by contract"
    assert found == {}, f"plaintext personal data at rest: {sorted(found)}"
