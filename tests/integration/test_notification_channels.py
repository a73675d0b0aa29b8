"""notification's channels against real servers on loopback (no fakes): SMTP through aiosmtpd,
the SMS provider, the digital-post provider with its delivery receipt, the contact register
and an agency inbox that is down for a while — the stand-ins `devtools up` and the e2e use."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request
from fixtures.topic_probe import free_port

from devtools.standins import AgencyInbox as InboxStandIn
from devtools.standins import MailSink
from devtools.standins_contacts import ContactRegister, DigitalMailbox, SmsGateway
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher, Keyring, generate_key
from konfliktrad_shared.delivery_signature import DeliverySigner
from konfliktrad_shared.outbox_relay import OutboxMessage
from notification.adapters.agency import AgencyInbox, RetryPolicy
from notification.adapters.channels import HttpNotices, ReceiptTokens, SmtpNotices
from notification.adapters.outbound import SEALED_NOTICE
from notification.adapters.outbound_security import MailTransport
from notification.adapters.register import HttpContactRegister
from notification.domain.vocabulary import DeliveryStatus

pytestmark = pytest.mark.integration
cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
indexer = BlindIndexer.from_setting(generate_key())


class Reports:
    def __init__(self) -> None:
        self.reported: list[tuple[str, DeliveryStatus, str | None]] = []

    def report(
        self, message: Any, notice_id: str, status: DeliveryStatus, reason: str | None = None
    ) -> None:
        self.reported.append((notice_id, status, reason))


def notice(
    notice_id: str, address: str, subject: str = "Konfliktrådet", body: str = "Hei"
) -> OutboxMessage:
    words = json.dumps({"address": address, "subject": subject, "body": body})
    payload = {
        "notice_id": notice_id,
        "case_id": "c",
        "sealed": cipher.encrypt(words, **SEALED_NOTICE),
    }
    return OutboxMessage("notice:x", "c", json.dumps(payload).encode(), {})


class RefusingSink(MailSink):
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address.startswith("gone@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@contextlib.asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_par18_a_letter_reaches_the_smtp_server_and_a_refused_address_bounces() -> None:
    sink, port, reports = RefusingSink(), free_port(), Reports()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = SmtpNotices(
            host="127.0.0.1",
            port=port,
            sender="ikke-svar@konfliktraadet.no",
            transport=MailTransport.plain_loopback(),  # STARTTLS: test_mail_starttls.py
            cipher=cipher,
            reports=reports,
        )
        await smtp.publish_all(
            [
                notice("n-1", "part@example.no", "Avtalen er godkjent", "§18"),
                notice("n-2", "gone@example.no"),
            ]
        )
    finally:
        controller.stop()

    [letter] = sink.messages
    assert letter["To"] == "part@example.no" and letter["Message-ID"] == "<n-1@konfliktraadet.no>"
    assert "§18" in letter.get_content()
    assert reports.reported == [
        ("n-1", DeliveryStatus.SENT, None),
        ("n-2", DeliveryStatus.BOUNCED, "recipient_refused"),
    ]


async def test_sms_and_digital_mailbox_take_each_notice_once_and_the_mailbox_sends_a_receipt() -> (
    None
):
    sms, mailbox, reports = SmsGateway(), DigitalMailbox(), Reports()
    receipts: list[dict[str, Any]] = []
    receiver = FastAPI()

    @receiver.post("/receipts", status_code=202)
    async def receive(request: Request) -> None:
        receipts.append(await request.json())

    async with (
        served(sms.app()) as sms_url,
        served(mailbox.app()) as mailbox_url,
        served(receiver) as receiver_url,
        httpx.AsyncClient(timeout=5) as client,
    ):
        text = HttpNotices(client=client, endpoint=f"{sms_url}/sms", cipher=cipher, reports=reports)
        post = HttpNotices(
            client=client,
            endpoint=f"{mailbox_url}/messages",
            cipher=cipher,
            reports=reports,
            receipts=ReceiptTokens(f"{receiver_url}/receipts", indexer),
        )
        await text.publish_all([notice("s-1", "+4799999999"), notice("s-1", "+4799999999")])
        await post.publish_all([notice("d-1", "digipost:123")])
        for _ in range(100):
            if receipts:
                break
            await asyncio.sleep(0.05)

    assert [m["to"] for m in sms.messages] == ["+4799999999"], "the idempotency key held"
    assert mailbox.messages[0]["to"] == "digipost:123"
    token = ReceiptTokens("", indexer).token("d-1")
    assert receipts == [{"message_id": "d-1", "receipt_token": token, "status": "delivered"}]
    assert ("d-1", DeliveryStatus.SENT, None) in reports.reported


async def test_the_contact_register_answers_by_national_id_with_the_opt_out() -> None:
    register = ContactRegister(
        people={"14831051222": {"opted_out": True, "postal_address": "Gate 1"}}
    )
    async with served(register.app()) as url, httpx.AsyncClient(timeout=5) as client:
        lookup = HttpContactRegister(client, url)
        opted_out = await lookup.lookup("14831051222")
        unknown = await lookup.lookup("01861251256")

    assert opted_out is not None and opted_out.opted_out and opted_out.postal_address == "Gate 1"
    assert unknown is None


async def test_an_agency_down_for_a_while_gets_each_event_once_when_it_is_back() -> None:
    # The signature the stand-in checks (TLS around it: test_agency_inbox_tls.py).
    signer = DeliverySigner.generate("prosecution-adapter")
    stand_in = InboxStandIn("prosecution", {signer.key_id: signer.public_key()}, down=True)

    async with served(stand_in.app()) as url, httpx.AsyncClient(timeout=5) as client:
        inbox = AgencyInbox(
            agency="prosecution",
            client=client,
            endpoint=f"{url}/inbox",
            signer=signer,
            policy=RetryPolicy(first_backoff_seconds=0.1, max_backoff_seconds=0.4),
        )

        async def deliver_all(rows: list[OutboxMessage]) -> None:
            # What the relay does: each pass tries what is still undelivered, after a backoff.
            while rows:
                outcomes = await inbox.publish_each(rows)
                assert not any(o is not None and o.permanent for o in outcomes)
                rows = [row for row, o in zip(rows, outcomes, strict=True) if o is not None]
                await asyncio.sleep(0.1)

        async def come_back() -> None:
            for _ in range(200):
                if stand_in.refused_while_down >= 3:
                    break
                await asyncio.sleep(0.05)
            stand_in.down = False

        rows = [agency_row(f"ce-{n}", f"case-{n}") for n in range(3)]
        await asyncio.gather(deliver_all(rows), come_back())
        await inbox.publish_all(rows[:1])  # a redelivery after a crash: same ce-id

    assert [d.subject for d in stand_in.deliveries] == ["case-0", "case-1", "case-2", "case-0"]
    assert stand_in.received_counts() == {"ce-0": 2, "ce-1": 1, "ce-2": 1}, (
        "once each, then the repeat"
    )
    assert stand_in.redeliveries == 1 and stand_in.refused_while_down >= 3
    assert not stand_in.refusals and {d.signed_by for d in stand_in.deliveries} == {
        "prosecution-adapter"
    }


def agency_row(event_id: str, case_id: str) -> OutboxMessage:
    payload = {
        "event_id": event_id,
        "original_type": "no.konfliktraadet.youth_plan.breach_escalated.v1",
        "source": "urn:konfliktrad:youth_plan",
        "time": "2026-11-20T12:00:00+00:00",
        "about": case_id,
        "data": {"case_id": case_id},
    }
    return OutboxMessage("agency:prosecution", case_id, json.dumps(payload).encode(), {})
