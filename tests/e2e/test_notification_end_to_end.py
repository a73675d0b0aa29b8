"""Issue 7 end to end, on the real broker and PostgreSQL: notification reaches the people an
event concerns through their sealed contacts (§18 withdrawal notices to both parties, §11 a
minor's guardians told of the meeting), once per event however often it is delivered, and
the agency adapters deliver every escalation exactly once after an agency outage.

These tests put MeetingScheduled / AgreementApproved on `mediation.events.v1` themselves, so
the very same event (same ce_id) can be delivered twice and the register's answers varied;
test_notification_from_mediation_end_to_end.py shows the same notices following mediation's
own events, and test_notification_youth_plan_end_to_end.py youth_plan's.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage, Message
from typing import Any
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from fixtures.bus import writer_of
from suite_support import QUIET_SECONDS, RunningSuite, messages_about, messages_where, payload

from devtools.suite_client import case_transferred, eventually, send_referral
from devtools.testdata import synthetic_national_id
from konfliktrad_shared.contracts import agencies, mediation, topics, youth_plan
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.kafka_access import KafkaAccess

pytestmark = pytest.mark.e2e
REGISTERED = "no.konfliktraadet.referral.registered.v1"
TRACEPARENT = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


async def publish(
    suite: RunningSuite,
    topic: str,
    event: IntegrationEvent,
    ce_id: str,
    *,
    event_type: str = "",
    writer: str = "",
) -> None:
    """`event` on `topic` as the service that owns it would put it there (`writer`, by default
    the first the table lets write it), under its principal."""
    envelope = Envelope(
        id=ce_id,
        type=event_type or event.event_type,
        source="urn:konfliktrad:e2e-test",
        time=datetime.now(UTC),
        subject=event.subject(),
        traceparent=TRACEPARENT,
    )
    access = suite.bus.access(writer or writer_of(topic))
    producer = AIOKafkaProducer(**access.aiokafka_options(), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            event.model_dump_json().encode(),
            key=event.subject().encode(),
            headers=[(name, value.encode()) for name, value in envelope.headers().items()],
        )
    finally:
        await producer.stop()


async def registered_parties(reader: KafkaAccess, reference: str) -> tuple[str, list[PartyRef]]:
    def wanted(headers: dict[str, str], value: bytes) -> bool:
        return (
            headers.get("ce_type") == REGISTERED
            and payload(value).get("sender_reference") == reference
        )

    async def found() -> dict[str, Any] | None:
        matches = await messages_where(reader, topics.REFERRAL_EVENTS, wanted)
        return json.loads(matches[0][1]) if matches else None

    registered = await eventually(found, "referral to register the case")
    return registered["case_id"], [PartyRef.model_validate(p) for p in registered["parties"]]


def minor_and_victim_transfer(
    suite: RunningSuite,
) -> tuple[agencies.CaseTransferred, dict[str, str]]:
    """A §71a mediation transfer: a 16-year-old offender with one guardian, an adult victim;
    fresh synthetic ids and addresses, the parties' e-mails in the contact register."""
    run = secrets.token_hex(4)
    mail = {
        "run": run,
        "offender": f"offender-{run}@example.no",
        "victim": f"victim-{run}@example.no",
        "guardian": f"verge-{run}@example.no",
        "victim_id": synthetic_national_id(
            date(1985, 6, 2), individual_number=secrets.randbelow(400)
        ),
        "offender_id": synthetic_national_id(
            date(2010, 3, 14), individual_number=500 + secrets.randbelow(400)
        ),
    }
    transfer = case_transferred(agencies.Reaction.MEDIATION, f"POL-{run.upper()}")
    guardian = transfer.offender.guardians[0].model_copy(update={"email": mail["guardian"]})
    offender = transfer.offender.model_copy(
        update={"national_id": mail["offender_id"], "guardians": [guardian]}
    )
    victim = agencies.Victim(national_id=mail["victim_id"], name="Synthetic Victim", consents=True)
    transfer = transfer.model_copy(update={"offender": offender, "victims": [victim]})
    suite.standins.register.people[mail["offender_id"]] = {"email": mail["offender"]}
    suite.standins.register.people[mail["victim_id"]] = {"email": mail["victim"]}
    return transfer, mail


def mails_to(suite: RunningSuite, address: str) -> list[Message]:
    return [m for m in suite.standins.mail.messages if m["To"] == address]


def text_of(mail: Message) -> str:
    """The letter's text, whether it came alone or beside a calendar invitation (.ics)."""
    assert isinstance(mail, EmailMessage)
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None, "a mail without a text part"
    return str(body.get_content())


async def test_par18_withdrawal_notices_and_par11_guardian_meeting_notice_arrive_once(
    suite: RunningSuite,
) -> None:
    transfer, mail = minor_and_victim_transfer(suite)
    offender_mail, victim_mail = mail["offender"], mail["victim"]
    guardian_mail, victim_id, run = mail["guardian"], mail["victim_id"], mail["run"]
    await send_referral(suite.bootstrap, transfer, TRACEPARENT)
    case_id, parties = await registered_parties(suite.operator, transfer.sender_reference)
    by_id = {p.party_id: p for p in parties}
    assert by_id["offender"].is_minor and by_id["offender"].sealed_contact
    assert by_id["guardian-offender-1"].guardian_of == "offender"

    meeting = mediation.MeetingScheduled(
        case_id=case_id,
        meeting_id=f"m-{run}",
        office=transfer.office,
        starts_at=datetime.now(UTC) + timedelta(days=10),
        kind="mediation_meeting",
        participants=[by_id["offender"], by_id["victim-1"]],
    )
    await publish(suite, topics.MEDIATION_EVENTS, meeting, str(uuid4()))
    approved = mediation.AgreementApproved(
        case_id=case_id,
        agreement_id=f"a-{run}",
        office=transfer.office,
        approved_at=datetime.now(UTC),
        prosecution_case=True,
        withdrawal_ends_at=datetime.now(UTC) + timedelta(days=14),
        # Without the seals: the contact book from ReferralRegistered must be enough.
        parties=[p.model_copy(update={"sealed_contact": None}) for p in parties],
    )
    approved_id = str(uuid4())
    for _ in range(2):  # the very same event delivered twice
        await publish(suite, topics.MEDIATION_EVENTS, approved, approved_id)

    async def withdrawal_notices() -> list[Message] | None:
        found = [
            m
            for address in (offender_mail, victim_mail, guardian_mail)
            for m in mails_to(suite, address)
            if "trekke deg" in str(m["Subject"])
        ]
        return found if len(found) >= 3 else None

    notices = await eventually(withdrawal_notices, "the §18 withdrawal notices")
    guardian_notice = await eventually(
        lambda: _first(suite, guardian_mail, "melding om møte"), "the §11 guardian notice"
    )
    await asyncio.sleep(QUIET_SECONDS)

    for address in (offender_mail, victim_mail, guardian_mail):
        withdrawal = [m for m in mails_to(suite, address) if "trekke deg" in str(m["Subject"])]
        assert len(withdrawal) == 1, f"one §18 notice for {address.split('-')[0]}, not two"
        assert "§18" in text_of(withdrawal[0])
    assert {m["To"] for m in notices} == {offender_mail, victim_mail, guardian_mail}
    body = text_of(guardian_notice)
    assert "§11" in body and "Synthetic Offender" in body and "taushetsplikt" in body
    assert len([m for m in mails_to(suite, guardian_mail) if "møte" in str(m["Subject"])]) == 1
    invitations = [m for m in mails_to(suite, victim_mail) if "innkalling" in str(m["Subject"])]
    assert len(invitations) == 1 and "§9" in text_of(invitations[0])

    async def sent_statuses() -> list[dict[str, Any]] | None:
        events = await messages_about(suite.operator, topics.NOTIFICATION_EVENTS, case_id)
        sent = [json.loads(v) for h, v in events if json.loads(v).get("status") == "sent"]
        return sent if len(sent) >= 6 else None

    sent = await eventually(sent_statuses, "delivery statuses on notification.events.v1")
    assert {(s["party_id"], s["kind"]) for s in sent} == {
        ("offender", "meeting_invitation"),
        ("victim-1", "meeting_invitation"),
        ("guardian-offender-1", "guardian_meeting_notice"),
        ("offender", "withdrawal_notice"),
        ("victim-1", "withdrawal_notice"),
        ("guardian-offender-1", "withdrawal_notice"),
    }
    for event in sent:
        dumped = json.dumps(event)
        assert run not in dumped and victim_id not in dumped and "Synthetic" not in dumped


async def _first(suite: RunningSuite, address: str, subject_part: str) -> Message | None:
    return next((m for m in mails_to(suite, address) if subject_part in str(m["Subject"])), None)


async def test_agency_down_for_a_while_gets_every_escalation_exactly_once_after(
    suite: RunningSuite,
) -> None:
    inbox = suite.standins.prosecution
    cases = [f"case-outage-{secrets.token_hex(4)}" for _ in range(3)]
    escalations: list[IntegrationEvent] = [
        youth_plan.BreachEscalated(
            case_id=case_id,
            sender_reference=f"POL-{case_id[-8:]}",
            office="konfliktradet-oslo",
            reaction=agencies.Reaction.YOUTH_FOLLOW_UP,
            route=youth_plan.EscalationRoute.PROSECUTION,
            legal_basis="konfliktrådsloven §33 third para",
            breaches=2,
            escalated_at=datetime.now(UTC),
        )
        for case_id in cases[:2]
    ]
    # A type the adapter was never told about (mediation's, new in issue 4): forwarded too.
    escalations.append(
        mediation.AgreementBreachReported(
            case_id=cases[2],
            agreement_id="a-outage",
            office="konfliktradet-oslo",
            reported_at=datetime.now(UTC),
            legal_basis="konfliktrådsloven §21 first para",
        )
    )
    inbox.down = True
    try:
        refused_before = inbox.refused_while_down
        for escalation in escalations:
            # Each as the service that escalates it: youth_plan a breach, mediation a broken
            # agreement.
            owner = (
                "mediation"
                if isinstance(escalation, mediation.AgreementBreachReported)
                else "youth-plan"
            )
            await publish(suite, topics.PROSECUTION, escalation, str(uuid4()), writer=owner)

        async def retried() -> bool | None:
            return True if inbox.refused_while_down >= refused_before + 3 else None

        await eventually(retried, "the adapter to retry against the agency that is down")
        assert not [d for d in inbox.deliveries if d.subject in cases]
    finally:
        inbox.down = False

    for case_id in cases:
        await inbox.wait_for_delivery(case_id, timeout=90)
    await asyncio.sleep(QUIET_SECONDS)
    delivered = {d.subject: d for d in inbox.deliveries if d.subject in cases}
    assert len([d for d in inbox.deliveries if d.subject in cases]) == 3, "each exactly once"
    assert {inbox.times_received(d.event_id) for d in delivered.values()} == {1}
    assert delivered[cases[2]].event_type == mediation.AgreementBreachReported.event_type
    assert delivered[cases[2]].body["legal_basis"] == "konfliktrådsloven §21 first para"
    assert delivered[cases[0]].body["legal_basis"] == "konfliktrådsloven §33 third para"
    assert {d.signed_by for d in delivered.values()} == {"prosecution-adapter"}, "verified"


async def test_digital_mailbox_receipt_and_paper_for_a_person_who_opted_out(
    suite: RunningSuite,
) -> None:
    """The register sends one party to the digital mailbox (its receipt comes back to
    notification's API: delivered) and the other, reserved against digital mail
    (eForvaltningsforskriften §9), to the print queue — for the §18 notice."""
    transfer, mail = minor_and_victim_transfer(suite)
    mailbox = f"digipost:{mail['run']}"
    suite.standins.register.people[mail["offender_id"]] = {"digital_mailbox": mailbox}
    suite.standins.register.people[mail["victim_id"]] = {
        "opted_out": True,
        "email": mail["victim"],  # known, but the reservation forbids using it
        "postal_address": "Synthetic gate 1, 0150 Oslo",
    }
    await send_referral(suite.bootstrap, transfer, TRACEPARENT)
    case_id, parties = await registered_parties(suite.operator, transfer.sender_reference)
    approved = mediation.AgreementApproved(
        case_id=case_id,
        agreement_id=f"a-{mail['run']}",
        office=transfer.office,
        approved_at=datetime.now(UTC),
        prosecution_case=True,
        withdrawal_ends_at=datetime.now(UTC) + timedelta(days=14),
        parties=parties,
    )
    await publish(suite, topics.MEDIATION_EVENTS, approved, str(uuid4()))

    async def statuses() -> set[tuple[str, str, str]] | None:
        events = await messages_about(suite.operator, topics.NOTIFICATION_EVENTS, case_id)
        found = {
            (e["party_id"], e["channel"], e["status"])
            for e in (json.loads(value) for _, value in events)
            if e.get("kind") == "withdrawal_notice"
        }
        wanted = {("offender", "digital_mailbox", "delivered"), ("victim-1", "paper", "sent")}
        return found if wanted <= found else None

    found = await eventually(statuses, "the mailbox receipt and the paper letter's status")
    assert not [s for s in found if s[0] == "victim-1" and s[1] != "paper"]
    [posted] = [m for m in suite.standins.mailbox.messages if m["to"] == mailbox]
    assert "trekke deg" in posted["subject"] and "§18" in posted["body"]
    assert not mails_to(suite, mail["victim"]), "no e-mail to a person reserved against it"
