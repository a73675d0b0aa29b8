"""Where outbox rows that are not Kafka events go: guardians' mailboxes and agencies' inboxes.

Each is an outbox `Publisher`: it returns only once the far side accepted every message, so
the relay marks rows sent only after delivery.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from email.message import EmailMessage

import aiosmtplib
import httpx

from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.envelope import SPEC_VERSION
from konfliktrad_shared.outbox_relay import OutboxMessage, Publisher
from notification.adapters.outbound import SEALED_RECIPIENT


class ChannelRouter:
    """Sends each row by its channel prefix (`smtp:`, `agency:`); anything else is a topic."""

    def __init__(self, kafka: Publisher, channels: Mapping[str, Publisher]) -> None:
        self._kafka = kafka
        self._channels = channels

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        batches: dict[str, list[OutboxMessage]] = {}
        for message in messages:
            channel = message.topic.split(":", 1)[0] if ":" in message.topic else ""
            batches.setdefault(channel, []).append(message)
        await asyncio.gather(
            *(
                (self._channels[channel] if channel else self._kafka).publish_all(batch)
                for channel, batch in batches.items()
            )
        )


class SmtpLetters:
    def __init__(
        self, *, host: str, port: int, sender: str, cipher: FieldCipher, timeout: float = 10.0
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._cipher = cipher
        self._timeout = timeout

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        async with aiosmtplib.SMTP(
            hostname=self._host, port=self._port, timeout=self._timeout, start_tls=False
        ) as smtp:
            for message in messages:
                await smtp.send_message(self._letter(message))

    def _letter(self, message: OutboxMessage) -> EmailMessage:
        letter = json.loads(message.payload)
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = self._cipher.decrypt(letter["recipient_sealed"], **SEALED_RECIPIENT)
        email["Subject"] = letter["title"]
        email["Message-ID"] = f"<{message.headers['ce_id']}@konfliktraadet.no>"
        if "traceparent" in message.headers:
            email["Traceparent"] = message.headers["traceparent"]
        email.set_content(letter["body"])
        return email


class AgencyInbox:
    """POSTs each event to the agency as a CloudEvent in HTTP binary mode.

    `ce-id` is the event's own id, so the agency can discard a redelivery after a crash.
    """

    def __init__(self, client: httpx.AsyncClient, endpoint: str) -> None:
        self._client = client
        self._endpoint = endpoint

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        for message in messages:
            delivery = json.loads(message.payload)
            headers = {
                "ce-id": delivery["event_id"],
                "ce-type": delivery["original_type"],
                "ce-source": delivery["source"],
                "ce-specversion": SPEC_VERSION,
                "ce-time": delivery["time"],
                "ce-subject": delivery["about"],
                "content-type": "application/json",
            }
            if "traceparent" in message.headers:
                headers["traceparent"] = message.headers["traceparent"]
            response = await self._client.post(
                self._endpoint, content=json.dumps(delivery["data"]), headers=headers
            )
            response.raise_for_status()
