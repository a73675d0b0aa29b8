"""Quality bar, security scenario 12 (§9): every personal field the suite stores is driven into
it through its APIs and topics — national ids and names, guardians' names and e-mail
addresses, the parties' e-mail addresses, phone numbers and postal addresses (from the contact
register), a civil case's respondent, a meeting's notes, a mediator candidate and the entries
of their police certificate — then searched for, each a distinctive synthetic value, in every
service's database as `pg_dump` writes it, in the broker's log segment files on disk, in every
record on the suite's own topics and in every log line: 0 plaintext hits.

The senders' own referral topics (`konfliktrad.referrals.v1.<sender>`, and their dead-letter
topics) are the one place that carries them by contract: the police and courts must identify
the parties to the office. The topics are read as the operator, who may read them all. Each
search is shown to find what it looks for: a value that is not personal, from the same
requests, is found in the same dump and in the same segments.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import httpx
import pytest
from at_rest import local_data_dirs, pg_dump, segment_files, segments_holding
from fixtures.topic_probe import (
    committed_offsets,
    end_offsets,
    eventually_true,
    topic_records,
)
from mediation_office import Mediation
from suite_support import RunningSuite
from test_notification_end_to_end import publish, registered_parties

from devtools.suite_client import OFFICE, TracedClient, case_transferred, send_referral
from devtools.testdata import synthetic_national_id
from devtools.thread_steps import ThreadSteps
from konfliktrad_shared import bus_rights
from konfliktrad_shared.contracts import agencies, topics
from konfliktrad_shared.contracts import mediation as mediation_contract
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


@pytest.fixture
async def mediation(suite: RunningSuite) -> AsyncIterator[Mediation]:
    async with httpx.AsyncClient(timeout=10.0) as http:
        yield Mediation(suite, http)


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


async def topics_bytes(operator: KafkaAccess) -> bytes:
    """Every record of every topic of the suite but the inbound ones."""
    chunks: list[bytes] = []
    for name in sorted(bus_rights.suite_topics() - INBOUND):
        for record in await topic_records(operator, name):
            chunks += [record.key or b"", record.value or b""]
            chunks += [value for _, value in record.headers or ()]
    return b"\n".join(chunks)


def personal_values(marker: str) -> dict[str, str]:
    """One distinctive synthetic value per personal field (the marker makes each unique)."""
    digits = str(int(marker, 16) % 10**7).zfill(7)
    return {
        "offender national id": synthetic_national_id(date(2010, 7, 23), individual_number=501),
        "victim national id": synthetic_national_id(date(1971, 11, 29), individual_number=123),
        "claimant national id": synthetic_national_id(date(1969, 4, 17), individual_number=77),
        "offender name": f"Offender Quux{marker}",
        "victim name": f"Victim Quux{marker}",
        "guardian name": f"Guardian Quux{marker}",
        "guardian e-mail": f"verge.quux{marker}@example.no",
        "offender e-mail": f"offender.quux{marker}@example.no",
        "offender phone": f"+479{digits}",
        "victim phone": f"+474{digits}",
        "victim postal address": f"Quuxveien {marker} 12, 0150 Oslo",
        "claimant name": f"Claimant Quux{marker}",
        "respondent name": f"Respondent Quux{marker}",
        "respondent e-mail": f"respondent.quux{marker}@example.no",
        "respondent's guardian name": f"Respondent Guardian Quux{marker}",
        "meeting notes": f"Quux{marker} ba om unnskyldning ved kaffemaskinen",
        "candidate name": f"Candidate Quux{marker}",
        "candidate occupation": f"Quux{marker} occupation",
        "candidate background": f"Quux{marker} background",
        "candidate suitability note": f"Quux{marker} suitability",
        # A record entry holds no free text: its distinctive part is the day it became final.
        "record entry": f"{1930 + int(marker, 16) % 60}-02-13",
    }


async def test_par9_every_personal_field_is_sealed_in_database_dumps_segments_topics_and_logs(
    suite: RunningSuite, steps: ThreadSteps, mediation: Mediation
) -> None:
    marker = secrets.token_hex(3)
    personal = personal_values(marker)
    reference, civil_reference = f"POL-{marker}", f"CIV-{marker}"
    await send_transfer(suite, steps, reference, personal)
    case_id = await steps.wait_registered(reference)
    application_id = await apply_as_candidate(steps, personal)
    meeting_id = await meeting_with_notes(suite, steps, mediation, case_id, personal)
    await file_civil_case(steps, civil_reference, personal)
    consumers = ("mediation", "youth_plan", "notification")
    await consumed_to_the_end(suite.operator, tuple(suite.groups[name] for name in consumers))
    # §18 notices: notification looks each party up in the register and writes to them, by
    # e-mail to the offender and the guardian, on paper to the victim's postal address (the
    # victim is reserved against digital mail), so every contact detail is used and kept.
    await agreement_approved(suite, reference)
    for address in (personal["offender e-mail"], personal["guardian e-mail"]):
        await eventually_true(lambda a=address: mailed(suite, a), "a §18 notice by e-mail", 60)

    found: dict[str, list[str]] = {}
    dumps = {name: await pg_dump(url) for name, url in suite.database_urls.items()}
    for service, dump in dumps.items():
        for what, value in personal.items():
            if value.encode() in dump:
                found.setdefault(what, []).append(f"{service} database")
    controls = {
        "referral": reference,
        "mediation": meeting_id,
        "vetting": application_id,
    }
    for service, control in controls.items():
        assert control.encode() in dumps[service], f"the {service} dump holds its rows"

    external = bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS"))
    data_dirs = local_data_dirs()
    assert data_dirs or external, "the local broker's data directory was found"
    segments = segment_files(data_dirs, except_topics=INBOUND)
    needles = {what: value.encode() for what, value in personal.items()}
    for what, partitions in segments_holding(segments, needles).items():
        found.setdefault(what, []).extend(f"segment {p}" for p in sorted(set(partitions)))
    if data_dirs:
        inbound = segment_files(data_dirs, except_topics=())
        assert segments_holding(inbound, {"id": needles["offender national id"]}), (
            "the segment search finds an id where it is by contract (the sender's topic)"
        )
        assert segments_holding(segments, {"reference": reference.encode()}), (
            "the segment search finds the case's reference on the suite's own topics"
        )

    records = await topics_bytes(suite.operator)
    assert reference.encode() in records, "the internal topics were read"
    for what, value in personal.items():
        if value.encode() in records:
            found.setdefault(what, []).append("a record on the suite's own topics")
    assert suite.log_dir is not None
    for log in suite.log_dir.glob("*.log"):
        text = log.read_text(errors="replace")
        for what, value in personal.items():
            if value in text:
                found.setdefault(what, []).append(log.name)
    assert found == {}, f"plaintext personal data at rest: {found}"
    print(
        f"\npersonal data at rest: {len(personal)} fields searched in {len(dumps)} pg_dumps, "
        f"{len(segments)} segment files, {len(records)} bytes of records and the logs: 0 hits"
    )


async def agreement_approved(suite: RunningSuite, reference: str) -> None:
    """An approved agreement with the case's parties, as mediation puts it on its topic."""
    case_id, parties = await registered_parties(suite.operator, reference)
    approved = mediation_contract.AgreementApproved(
        case_id=case_id,
        agreement_id=f"a-{reference}",
        office=OFFICE,
        approved_at=datetime.now(UTC),
        prosecution_case=True,
        withdrawal_ends_at=datetime.now(UTC) + timedelta(days=14),
        parties=parties,
    )
    await publish(suite, topics.MEDIATION_EVENTS, approved, str(uuid4()))


async def mailed(suite: RunningSuite, address: str) -> bool:
    return any(message["To"] == address for message in suite.standins.mail.messages)


async def send_transfer(
    suite: RunningSuite, steps: ThreadSteps, reference: str, personal: dict[str, str]
) -> None:
    """A mediation transfer: a minor offender with a guardian, an adult victim; the contact
    register knows the offender's e-mail and phone and the victim's postal address."""
    transfer = case_transferred(agencies.Reaction.MEDIATION, reference)
    guardian = agencies.Guardian(
        name=personal["guardian name"], email=personal["guardian e-mail"], consents=True
    )
    offender = transfer.offender.model_copy(
        update={
            "national_id": personal["offender national id"],
            "name": personal["offender name"],
            "guardians": [guardian],
        }
    )
    victim = agencies.Victim(
        national_id=personal["victim national id"], name=personal["victim name"], consents=True
    )
    suite.standins.register.people[personal["offender national id"]] = {
        "email": personal["offender e-mail"],
        "phone": personal["offender phone"],
    }
    suite.standins.register.people[personal["victim national id"]] = {
        "opted_out": True,
        "phone": personal["victim phone"],
        "postal_address": personal["victim postal address"],
    }
    transfer = transfer.model_copy(update={"offender": offender, "victims": [victim]})
    await send_referral(suite.bootstrap, transfer, steps.client.traceparent(), sender=SENDER)


async def apply_as_candidate(steps: ThreadSteps, personal: dict[str, str]) -> str:
    """A mediator's application whose police certificate lists an entry (§6)."""
    applied = await steps.client.call(
        "POST",
        f"{steps.vetting}/applications",
        roles=("office_leader",),
        body={
            "office": OFFICE,
            "municipality": "0301",
            "candidate": {
                "name": personal["candidate name"],
                "birth_date": "1980-05-17",
                "citizenship": "NO",
                "lives_in_municipality": True,
                "suitable": True,
                "occupation": personal["candidate occupation"],
                "background": personal["candidate background"],
                "suitability_note": personal["candidate suitability note"],
                "police_certificate_received_on": date.today().isoformat(),
                "record": [{"reaction": "fine", "final_on": personal["record entry"]}],
            },
        },
    )
    assert applied.status_code == 201, applied.text
    application_id: str = applied.json()["application_id"]
    return application_id


async def meeting_with_notes(
    suite: RunningSuite,
    steps: ThreadSteps,
    mediation: Mediation,
    case_id: str,
    personal: dict[str, str],
) -> str:
    """The case's mediator appointed and assigned, a meeting scheduled (the parties are
    told), and the mediator's notes of it written and read back."""
    mediator_id = (await steps.appoint_mediator())["mediator_id"]
    await steps.wait_on_roster(mediator_id)
    await mediation.wait_opened(case_id)
    leader = ("office_leader", "leader")
    await mediation.post(f"/cases/{case_id}/mediators", {"mediator_ids": [mediator_id]}, *leader)
    meeting_id = await mediation.schedule(case_id, mediator_id)
    notes = f"/cases/{case_id}/meetings/{meeting_id}/notes"
    await mediation.post(notes, {"text": personal["meeting notes"]}, "mediator", mediator_id)
    read = await mediation.get(notes, "mediator", mediator_id)
    assert personal["meeting notes"] in read.text, "the notes are stored"
    return meeting_id


async def file_civil_case(steps: ThreadSteps, reference: str, personal: dict[str, str]) -> None:
    party = {"municipality": "0301", "consents": True}
    respondent_guardian = {
        "name": personal["respondent's guardian name"],
        "email": f"verge.{personal['respondent e-mail']}",
        "consents": True,
    }
    filing = {
        "sender_reference": reference,
        "submitted_by": "public_agency",
        "submitter": "NAV Oslo",
        "harm": "harm",
        "claimant": {
            **party,
            "name": personal["claimant name"],
            "national_id": personal["claimant national id"],
        },
        "respondents": [
            {
                **party,
                "name": personal["respondent name"],
                "email": personal["respondent e-mail"],
                "birth_date": "2011-02-03",
                "guardians": [respondent_guardian],
            }
        ],
    }
    filed = await steps.client.call(
        "POST", f"{steps.referral}/civil-cases", roles=("case_officer",), body=filing
    )
    assert filed.status_code == 201, filed.text
    decided = await steps.client.call(
        "POST",
        f"{steps.referral}/cases/{filed.json()['case_id']}/suitability",
        roles=("office_leader",),
        body={"suitable": True},
    )
    assert decided.status_code == 200, decided.text
