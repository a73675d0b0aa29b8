"""Notification's audit chain: consumed events against their consumer and message, a channel's
receipt against the provider it proved itself to be, never a party's address."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from notification_harness import agreement, handle, registered_case

from konfliktrad_shared import audit_chain
from konfliktrad_shared.crypto import BlindIndexer, generate_key
from notification.adapters import orm
from notification.adapters.channels import ReceiptTokens
from notification.entrypoints import receipts


async def test_consumed_events_and_a_receipt_are_recorded_against_their_actors(
    tmp_path: Path,
) -> None:
    h = await registered_case(tmp_path)
    await handle(h, agreement(h), "ce-agreement")
    notice_of = {address: notice_id for notice_id, address, _, _ in await h.sent()}
    victims = notice_of["victim@example.no"]
    tokens = ReceiptTokens(
        "http://n/receipts/digital-mailbox", BlindIndexer.from_setting(generate_key())
    )
    app = FastAPI()
    app.include_router(receipts.router(h.bus, tokens))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://n"
    ) as client:
        answer = await client.post(
            "/receipts/digital-mailbox",
            json={
                "message_id": victims,
                "receipt_token": tokens.token(victims),
                "status": "delivered",
            },
        )
    assert answer.status_code == 202, answer.text

    entries = sorted(await h.rows(orm.plumbing.audit), key=lambda entry: entry["seq"])
    sent = [e for e in entries if e["message_id"] == "ce-agreement"]
    assert [(e["action"], e["actor_role"]) for e in sent] == [("SendNotices", "system")]
    assert sent[0]["provision"] and "§18" in sent[0]["provision"]
    receipt = entries[-1]
    assert (receipt["action"], receipt["case_id"], receipt["actor_subject"]) == (
        "RecordDeliveryStatus",
        victims,
        receipts.DIGITAL_MAILBOX.subject,
    )
    assert "@example.no" not in repr(entries), "no party's address in the chain"
    assert audit_chain.verify(entries).intact
