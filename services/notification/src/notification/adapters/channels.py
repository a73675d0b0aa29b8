"""Where notice rows go: a mail server, an SMS provider, a digital-post provider.

Each is an outbox `Publisher`: it returns only once the far side took every message, so the
relay marks rows sent only after that. A refusal for good (an address the mail server
rejects) is reported as bounced and not retried; anything else raises and is retried.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib
import httpx
from opentelemetry import context as otel_context
from opentelemetry import propagate

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.outbox_relay import OutboxMessage, Outcome, Publisher, publish_each
from notification.adapters.outbound import open_calendar, open_notice
from notification.adapters.outbound_security import MailTransport
from notification.config import MailSecurity
from notification.domain.commands import RecordDeliveryStatus
from notification.domain.vocabulary import DeliveryStatus

log = logging.getLogger(__name__)


class ChannelRouter:
    """Sends each row by its channel (`notice:email`, `agency:prosecution` …); a name without
    a colon is a Kafka topic."""

    def __init__(self, kafka: Publisher, channels: Mapping[str, Publisher]) -> None:
        self._kafka = kafka
        self._channels = channels

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        batches: dict[str, list[OutboxMessage]] = {}
        for message in messages:
            batches.setdefault(message.topic if ":" in message.topic else "", []).append(message)
        await asyncio.gather(
            *(
                (self._channels[channel] if channel else self._kafka).publish_all(batch)
                for channel, batch in batches.items()
            )
        )

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        """Each channel's outcomes, put back in the order of `messages`."""
        batches: dict[str, list[int]] = {}
        for index, message in enumerate(messages):
            batches.setdefault(message.topic if ":" in message.topic else "", []).append(index)

        async def send(channel: str, indexes: list[int]) -> list[tuple[int, Outcome]]:
            publisher = self._channels[channel] if channel else self._kafka
            outcomes = await publish_each(publisher, [messages[i] for i in indexes])
            return list(zip(indexes, outcomes, strict=True))

        sent = await asyncio.gather(*(send(c, indexes) for c, indexes in batches.items()))
        ordered: list[Outcome] = [None] * len(messages)
        for index, outcome in (pair for pairs in sent for pair in pairs):
            ordered[index] = outcome
        return ordered


class StatusReports(Protocol):
    def report(
        self,
        message: OutboxMessage,
        notice_id: str,
        status: DeliveryStatus,
        reason: str | None = None,
    ) -> None: ...


class DeliveryReports:
    """Tells the service what a channel did with a notice, after the relay's transaction:
    the report is a command of its own, so the status goes out through the outbox too."""

    def __init__(self, bus: MessageBus) -> None:
        self.bus = bus
        self._pending: set[asyncio.Task[None]] = set()

    def report(
        self,
        message: OutboxMessage,
        notice_id: str,
        status: DeliveryStatus,
        reason: str | None = None,
    ) -> None:
        # In the notice's own trace (captured when its row was written): the status event
        # then belongs to the thread that called for the notice.
        token = otel_context.attach(propagate.extract(message.headers))
        try:
            task = asyncio.create_task(self._record(notice_id, status, reason))
        finally:
            otel_context.detach(token)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _record(self, notice_id: str, status: DeliveryStatus, reason: str | None) -> None:
        try:
            await self.bus.handle(RecordDeliveryStatus(notice_id, status, reason))
        except Exception:
            log.exception("recording %s for notice %s failed", status, notice_id)

    async def drain(self) -> None:
        await asyncio.gather(*self._pending, return_exceptions=True)


class SmtpNotices:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        transport: MailTransport,
        cipher: FieldCipher,
        reports: StatusReports,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._transport = transport
        self._cipher = cipher
        self._reports = reports
        self._timeout = timeout

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        transport = self._transport
        # start_tls=True, not None: a relay that does not offer STARTTLS gets nothing.
        async with aiosmtplib.SMTP(
            hostname=self._host,
            port=self._port,
            timeout=self._timeout,
            use_tls=transport.security is MailSecurity.TLS,
            start_tls=transport.security is MailSecurity.STARTTLS,
            tls_context=transport.tls,
            username=transport.username or None,
            password=transport.password or None,
        ) as smtp:
            for message in messages:
                notice_id, email = self._letter(message)
                try:
                    await smtp.send_message(email)
                except aiosmtplib.SMTPRecipientsRefused:
                    self._reports.report(
                        message, notice_id, DeliveryStatus.BOUNCED, "recipient_refused"
                    )
                    continue
                self._reports.report(message, notice_id, DeliveryStatus.SENT)

    def _letter(self, message: OutboxMessage) -> tuple[str, EmailMessage]:
        notice_id, address, subject, body = open_notice(self._cipher, message.payload)
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = address
        email["Subject"] = subject
        # The same notice sent again after a crash keeps its Message-ID: the duplicate shows.
        email["Message-ID"] = f"<{notice_id}@konfliktraadet.no>"
        if "traceparent" in message.headers:
            email["Traceparent"] = message.headers["traceparent"]
        email.set_content(body)
        calendar = open_calendar(self._cipher, message.payload)
        if calendar is not None:
            email.add_attachment(
                calendar.encode(),
                maintype="text",
                subtype="calendar",
                filename="mote.ics",
                params={"method": "PUBLISH"},
            )
        return notice_id, email


class ReceiptTokens:
    """Where the provider sends receipts, and the token it must echo with each: an HMAC of
    the notice id, so a receipt cannot be forged by someone who merely saw the id."""

    def __init__(self, url: str, indexer: BlindIndexer) -> None:
        self.url = url
        self._indexer = indexer

    def token(self, notice_id: str) -> str:
        return self._indexer.blind_index(f"receipt:{notice_id}")

    def genuine(self, notice_id: str, token: str) -> bool:
        # Bytes: compare_digest refuses str with non-ASCII characters (a TypeError, a 500).
        return hmac.compare_digest(self.token(notice_id).encode(), token.encode())


class HttpNotices:
    """An SMS provider or a digital-post provider: one JSON POST per notice, the notice id as
    the idempotency key. 4xx is the provider refusing the address for good."""

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        endpoint: str,
        cipher: FieldCipher,
        reports: StatusReports,
        receipts: ReceiptTokens | None = None,
    ) -> None:
        self._client = client
        self._endpoint = endpoint
        self._cipher = cipher
        self._reports = reports
        self._receipts = receipts

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        for message in messages:
            notice_id, address, subject, body = open_notice(self._cipher, message.payload)
            request = {"message_id": notice_id, "to": address, "subject": subject, "body": body}
            if self._receipts is not None:
                request["receipt_url"] = self._receipts.url
                request["receipt_token"] = self._receipts.token(notice_id)
            response = await self._client.post(
                self._endpoint, json=request, headers={"Idempotency-Key": notice_id}
            )
            if response.status_code >= 500:
                response.raise_for_status()
            if response.is_client_error:
                self._reports.report(
                    message, notice_id, DeliveryStatus.BOUNCED, f"http_{response.status_code}"
                )
            else:
                self._reports.report(message, notice_id, DeliveryStatus.SENT)
