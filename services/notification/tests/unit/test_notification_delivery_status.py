"""Each notice's course is published on notification.events.v1: queued, then what the channel
reports (sent, delivered, failed, bounced); a late report never undoes a final one."""

from __future__ import annotations

from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from notification_harness import Harness, agreement, handle, registered_case

from konfliktrad_shared.crypto import BlindIndexer, generate_key
from notification.adapters.channels import ReceiptTokens
from notification.domain.commands import RecordDeliveryStatus
from notification.domain.vocabulary import DeliveryStatus
from notification.entrypoints import receipts


async def ready(tmp_path: Path) -> tuple[Harness, dict[str, str]]:
    h = await registered_case(tmp_path)
    await handle(h, agreement(h), "ce-agreement")
    notice_of = {address: notice_id for notice_id, address, _, _ in await h.sent()}
    return h, notice_of


async def test_par18_a_notice_is_queued_then_sent_then_delivered(tmp_path: Path) -> None:
    h, notice_of = await ready(tmp_path)
    victims = notice_of["victim@example.no"]

    await h.bus.handle(RecordDeliveryStatus(victims, DeliveryStatus.SENT))
    await h.bus.handle(RecordDeliveryStatus(victims, DeliveryStatus.DELIVERED))
    await h.bus.handle(RecordDeliveryStatus(victims, DeliveryStatus.SENT))  # late, out of order

    course = [s["status"] for s in await h.statuses() if s["notice_id"] == victims]
    assert course == ["queued", "sent", "delivered"]
    assert all(
        s["kind"] == "withdrawal_notice" and s["legal_basis"] == "konfliktrådsloven §18"
        for s in await h.statuses()
        if s["notice_id"] == victims
    )


async def test_a_bounce_is_final_and_says_why(tmp_path: Path) -> None:
    h, notice_of = await ready(tmp_path)
    offenders = notice_of["offender@example.no"]

    await h.bus.handle(RecordDeliveryStatus(offenders, DeliveryStatus.BOUNCED, "recipient_refused"))
    await h.bus.handle(RecordDeliveryStatus(offenders, DeliveryStatus.SENT))

    course = [(s["status"], s["reason"]) for s in await h.statuses() if s["notice_id"] == offenders]
    assert course == [("queued", None), ("bounced", "recipient_refused")]


async def test_a_digital_mailbox_receipt_marks_the_notice_delivered(tmp_path: Path) -> None:
    h, notice_of = await ready(tmp_path)
    victims = notice_of["victim@example.no"]
    tokens = ReceiptTokens(
        "http://n/receipts/digital-mailbox", BlindIndexer.from_setting(generate_key())
    )
    app = FastAPI()
    app.include_router(receipts.router(h.bus, tokens))
    token = tokens.token(victims)

    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
            url = "/receipts/digital-mailbox"
            forged = await client.post(
                url, json={"message_id": victims, "receipt_token": "x" * 64, "status": "failed"}
            )
            answer = await client.post(
                url, json={"message_id": victims, "receipt_token": token, "status": "delivered"}
            )
            invalid = await client.post(
                url, json={"message_id": victims, "receipt_token": token, "status": "read"}
            )

    assert forged.status_code == 403, "a receipt without our token is refused"
    assert answer.status_code == 202
    assert invalid.status_code == 422, "a status the contract does not know is refused"
    statuses = [s["status"] for s in await h.statuses() if s["notice_id"] == victims]
    assert statuses == ["queued", "delivered"]
