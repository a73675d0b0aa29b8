"""Delivery receipts from the digital-post provider: a notice reached (or did not reach) the
person's digital mailbox."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from konfliktrad_shared.messagebus import MessageBus
from notification.domain.commands import RecordDeliveryStatus
from notification.domain.notices import DeliveryStatus


class Receipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message_id: str
    status: Literal["delivered", "failed"]
    reason: str | None = None


def router(bus: MessageBus) -> APIRouter:
    api = APIRouter(tags=["receipts"])

    @api.post("/receipts/digital-mailbox", status_code=202)
    async def digital_mailbox_receipt(receipt: Receipt) -> dict[str, str]:
        # The message id is the notice id: a random-derived UUID only the provider was given.
        status = DeliveryStatus(receipt.status)
        await bus.handle(RecordDeliveryStatus(receipt.message_id, status, receipt.reason))
        return {"notice_id": receipt.message_id, "status": status.value}

    return api
