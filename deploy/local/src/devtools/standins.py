"""Stand-ins for what lies outside the suite: a mail server, the agencies' inboxes, and (in
`standins_contacts`) an SMS provider, a digital-post provider and the contact register.

Real protocols on loopback (SMTP through aiosmtpd, HTTP through uvicorn), so the services
talk to them exactly as they would to the office's relay and the agencies' endpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request, Response

from devtools.standins_contacts import ContactRegister, DigitalMailbox, SmsGateway


@dataclass
class MailSink:
    """Every message the SMTP server accepted."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, _server: SMTP, _session: Session, envelope: Envelope
    ) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.messages.append(email.message_from_bytes(content, policy=policy.default))
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class AgencyDelivery:
    event_id: str
    event_type: str
    subject: str
    traceparent: str | None
    body: dict[str, Any]
    # time.perf_counter() when the inbox began handling the POST, for latency measurements.
    received_at: float = 0.0
    signature: str | None = None


@dataclass
class AgencyInbox:
    """An agency's inbox: records each CloudEvent and acknowledges a redelivery without
    recording it twice, as the agency's idempotent endpoint would."""

    name: str
    deliveries: list[AgencyDelivery] = field(default_factory=list)
    redeliveries: int = 0
    # While down, every POST is answered 503 and counted: an agency outage.
    down: bool = False
    refused_while_down: int = 0
    # Subject -> events set when a delivery about it is recorded: a waiter wakes on the
    # delivery itself instead of polling the list (the benchmark times to this moment).
    _arrivals: dict[str, asyncio.Event] = field(default_factory=dict, repr=False)

    def delivery_about(self, subject: str) -> AgencyDelivery | None:
        return next((d for d in self.deliveries if d.subject == subject), None)

    async def wait_for_delivery(self, subject: str, timeout: float = 60.0) -> AgencyDelivery:
        """The first delivery whose `ce-subject` is `subject`, as soon as it is recorded."""
        arrived = self._arrivals.setdefault(subject, asyncio.Event())
        found = self.delivery_about(subject)
        if found is None:
            try:
                await asyncio.wait_for(arrived.wait(), timeout)
            except TimeoutError:
                raise TimeoutError(
                    f"nothing about {subject} reached the {self.name} inbox in {timeout:.0f}s"
                ) from None
            found = self.delivery_about(subject)
        assert found is not None
        return found

    def app(self) -> FastAPI:
        app = FastAPI(title=f"{self.name} inbox (stand-in)")

        @app.post("/inbox", status_code=202)
        async def receive(request: Request) -> Response:
            received_at = time.perf_counter()
            if self.down:
                self.refused_while_down += 1
                return Response(status_code=503)
            event_id = request.headers.get("ce-id", "")
            if any(d.event_id == event_id for d in self.deliveries):
                self.redeliveries += 1
                return Response(status_code=200)
            delivery = AgencyDelivery(
                event_id=event_id,
                event_type=request.headers.get("ce-type", ""),
                subject=request.headers.get("ce-subject", ""),
                traceparent=request.headers.get("traceparent"),
                body=await request.json(),
                received_at=received_at,
                signature=request.headers.get("x-konfliktrad-signature"),
            )
            self.deliveries.append(delivery)
            if (arrived := self._arrivals.get(delivery.subject)) is not None:
                arrived.set()
            return Response(status_code=202)

        @app.get("/deliveries")
        async def deliveries() -> list[dict[str, Any]]:
            return [d.__dict__ for d in self.deliveries]

        return app


@dataclass
class StandIns:
    mail: MailSink
    prosecution: AgencyInbox
    correctional: AgencyInbox
    sms: SmsGateway = field(default_factory=SmsGateway)
    mailbox: DigitalMailbox = field(default_factory=DigitalMailbox)
    register: ContactRegister = field(default_factory=ContactRegister)
    # Where the SMS, digital-post and register stand-ins listen (ports chosen when started).
    contact_ports: dict[str, int] = field(default_factory=dict)

    def notification_env(self) -> dict[str, str]:
        """The settings that point the notification service at these stand-ins."""
        sms, mailbox, register = (
            f"http://127.0.0.1:{self.contact_ports[name]}"
            for name in ("sms", "mailbox", "register")
        )
        return {
            "NOTIFICATION_SMS_ENDPOINT": f"{sms}/sms",
            "NOTIFICATION_DIGITAL_MAILBOX_ENDPOINT": f"{mailbox}/messages",
            "NOTIFICATION_CONTACT_REGISTER_ENDPOINT": register,
        }


@contextlib.asynccontextmanager
async def running_standins(
    *,
    smtp_port: int,
    prosecution_port: int,
    correctional_port: int,
    sms_port: int = 0,
    mailbox_port: int = 0,
    register_port: int = 0,
) -> AsyncIterator[StandIns]:
    """Port 0 (the default for the SMS, digital-post and register stand-ins) takes any free
    port, so several sets can run at once; `StandIns.notification_env()` says which."""
    standins = StandIns(MailSink(), AgencyInbox("prosecution"), AgencyInbox("correctional"))
    smtp = Controller(standins.mail, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    servers = [
        uvicorn.Server(
            uvicorn.Config(inbox.app(), host="127.0.0.1", port=port, log_level="warning")
        )
        for inbox, port in (
            (standins.prosecution, prosecution_port),
            (standins.correctional, correctional_port),
            (standins.sms, sms_port),
            (standins.mailbox, mailbox_port),
            (standins.register, register_port),
        )
    ]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    try:
        while not all(server.started for server in servers):
            if any(task.done() for task in tasks):
                raise RuntimeError("an HTTP stand-in could not start (port in use?)")
            await asyncio.sleep(0.05)
        for name, server in zip(("sms", "mailbox", "register"), servers[2:], strict=True):
            standins.contact_ports[name] = server.servers[0].sockets[0].getsockname()[1]
        yield standins
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        smtp.stop()
