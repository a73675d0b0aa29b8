"""Stand-ins for what lies outside the suite: a mail server, the agencies' inboxes, and (in
`standins_contacts`) an SMS provider, a digital-post provider and the contact register.

Real protocols on loopback (SMTP through aiosmtpd, HTTP through uvicorn), so the services
talk to them exactly as they would to the office's relay and the agencies' endpoints. The
agency inboxes are what an agency's endpoint must be: HTTPS with a server certificate from
the local CA, a client certificate required at the handshake, and a signature over every
`ce-*` header and the body checked before anything is recorded (`delivery_signature`). The
mail server offers STARTTLS with the same certificate; on the embedded profile notification
may still send to it in plain text (loopback only).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import json
import ssl
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import FastAPI, Request, Response

from devtools import local_ca
from devtools.standins_contacts import ContactRegister, DigitalMailbox, SmsGateway
from devtools.standins_credentials import (
    ADAPTER_OF_AGENCY,
    adapter_env,
    server_certificate,
    trusted_key,
)
from konfliktrad_shared.delivery_signature import SignatureRefused, verify


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
    # The key id whose signature verified (the adapter's principal).
    signed_by: str = ""


@dataclass
class AgencyInbox:
    """An agency's inbox: answers a redelivered `ce-id` 200 instead of 202, as the agency's
    idempotent endpoint would, but keeps every signed CloudEvent it was sent in `deliveries`,
    a repeat again. A test that claims "exactly once" at the agency counts what arrived
    (`times_received`, `received_counts`); a set would fold a duplicate away."""

    name: str
    # Key id -> public key of each adapter whose signature this inbox takes; none: it takes
    # nothing.
    trusted_keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    # Every delivery whose signature verified, oldest first, a redelivery as often as it came.
    deliveries: list[AgencyDelivery] = field(default_factory=list)
    # Why each refused delivery was refused (unsigned, unknown key, a header or the body
    # changed): answered 401/403 and never recorded.
    refusals: list[str] = field(default_factory=list)
    # How many of `deliveries` repeated a `ce-id` already received.
    redeliveries: int = 0
    # While down, every POST is answered 503 and counted: an agency outage.
    down: bool = False
    refused_while_down: int = 0
    # How long a POST waits for its 503 while down: an agency that hangs, not one that is off.
    answer_delay_while_down: float = 0.0
    # Subject -> events set when a delivery about it is recorded: a waiter wakes on the
    # delivery itself instead of polling the list (the benchmark times to this moment).
    _arrivals: dict[str, asyncio.Event] = field(default_factory=dict, repr=False)

    def received_counts(self) -> Counter[str]:
        """How many times each `ce-id` reached the agency."""
        return Counter(delivery.event_id for delivery in self.deliveries)

    def times_received(self, event_id: str) -> int:
        return sum(1 for delivery in self.deliveries if delivery.event_id == event_id)

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
                await asyncio.sleep(self.answer_delay_while_down)
                return Response(status_code=503)
            body = await request.body()
            headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
            try:
                signed_by = verify(headers, body, self.trusted_keys)
            except SignatureRefused as refused:
                self.refusals.append(refused.reason)
                return Response(refused.reason, status_code=refused.status)
            event_id = request.headers.get("ce-id", "")
            repeated = any(d.event_id == event_id for d in self.deliveries)
            delivery = AgencyDelivery(
                event_id=event_id,
                event_type=request.headers.get("ce-type", ""),
                subject=request.headers.get("ce-subject", ""),
                traceparent=request.headers.get("traceparent"),
                body=json.loads(body),
                received_at=received_at,
                signature=request.headers.get("signature"),
                signed_by=signed_by,
            )
            self.deliveries.append(delivery)
            if repeated:
                self.redeliveries += 1
                return Response(status_code=200)
            if (arrived := self._arrivals.get(delivery.subject)) is not None:
                arrived.set()
            return Response(status_code=202)

        @app.get("/deliveries")
        async def deliveries() -> list[dict[str, Any]]:
            return [d.__dict__ for d in self.deliveries]

        @app.get("/refusals")
        async def refusals() -> list[str]:
            return self.refusals

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
    # Where the agency inboxes listen, by agency ("prosecution", "correctional").
    agency_ports: dict[str, int] = field(default_factory=dict)

    def notification_env(self) -> dict[str, str]:
        """The settings that point the notification service and both agency adapters at
        these stand-ins, with the certificates and keys the inboxes and the mail server
        expect (explicit paths, so they hold whatever the processes' state directory)."""
        sms, mailbox, register = (
            f"http://127.0.0.1:{self.contact_ports[name]}"
            for name in ("sms", "mailbox", "register")
        )
        env = {
            "NOTIFICATION_SMS_ENDPOINT": f"{sms}/sms",
            "NOTIFICATION_DIGITAL_MAILBOX_ENDPOINT": f"{mailbox}/messages",
            "NOTIFICATION_CONTACT_REGISTER_ENDPOINT": register,
            "NOTIFICATION_SMTP_CA_FILE": str(local_ca.ensure_ca()),
        }
        for agency, port in self.agency_ports.items():
            env |= adapter_env(ADAPTER_OF_AGENCY[agency], port)
        return env


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
    standins = StandIns(
        MailSink(),
        AgencyInbox("prosecution", trusted_key("prosecution")),
        AgencyInbox("correctional", trusted_key("correctional")),
    )
    certificate = server_certificate()
    smtp = Controller(
        standins.mail,
        hostname="127.0.0.1",
        port=smtp_port,
        tls_context=_mail_tls(certificate),
    )
    smtp.start()
    servers = [
        uvicorn.Server(_agency_config(inbox.app(), port, certificate))
        for inbox, port in (
            (standins.prosecution, prosecution_port),
            (standins.correctional, correctional_port),
        )
    ] + [
        uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        for app, port in (
            (standins.sms.app(), sms_port),
            (standins.mailbox.app(), mailbox_port),
            (standins.register.app(), register_port),
        )
    ]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    try:
        while not all(server.started for server in servers):
            if any(task.done() for task in tasks):
                raise RuntimeError("an HTTP stand-in could not start (port in use?)")
            await asyncio.sleep(0.05)
        for name, server in zip(("sms", "mailbox", "register"), servers[2:], strict=True):
            standins.contact_ports[name] = _port(server)
        for agency, server in zip(("prosecution", "correctional"), servers[:2], strict=True):
            standins.agency_ports[agency] = _port(server)
        yield standins
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        smtp.stop()


def _agency_config(
    app: FastAPI, port: int, certificate: local_ca.IssuedCertificate
) -> uvicorn.Config:
    """HTTPS, and no request without a client certificate the local CA signed."""
    return uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ssl_certfile=str(certificate.certificate),
        ssl_keyfile=str(certificate.key),
        ssl_ca_certs=str(local_ca.ensure_ca()),
        ssl_cert_reqs=ssl.CERT_REQUIRED,
    )


def _mail_tls(certificate: local_ca.IssuedCertificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate.certificate), str(certificate.key))
    return context


def _port(server: uvicorn.Server) -> int:
    port: int = server.servers[0].sockets[0].getsockname()[1]
    return port
