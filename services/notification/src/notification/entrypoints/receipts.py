"""Delivery receipts from the digital-post provider: a notice reached (or did not reach) the
person's digital mailbox."""

from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict

from konfliktrad_shared.audit_chain import Actor, acting_as
from konfliktrad_shared.messagebus import MessageBus
from notification.adapters.channels import ReceiptTokens
from notification.domain.commands import RecordDeliveryStatus
from notification.domain.vocabulary import DeliveryStatus


class Receipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message_id: str
    receipt_token: str
    status: Literal["delivered", "failed"]
    reason: str | None = None


# The provider proves itself with the receipt token, not a staff token: it is the actor.
DIGITAL_MAILBOX = Actor("system:digital-mailbox-receipts", "receipt")


def router(bus: MessageBus, tokens: ReceiptTokens) -> APIRouter:
    api = APIRouter(tags=["receipts"])

    @api.post("/receipts/digital-mailbox", status_code=202)
    async def digital_mailbox_receipt(receipt: Receipt) -> dict[str, str]:
        # The message id is the notice id; the token proves the receipt is about a message
        # we sent to this provider (notice ids are public on notification.events.v1).
        if not tokens.genuine(receipt.message_id, receipt.receipt_token):
            raise HTTPException(status_code=403, detail="not a receipt for a message we sent")
        status = DeliveryStatus(receipt.status)
        with acting_as(DIGITAL_MAILBOX):
            await bus.handle(RecordDeliveryStatus(receipt.message_id, status, receipt.reason))
        return {"notice_id": receipt.message_id, "status": status.value}

    return api
