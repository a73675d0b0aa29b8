"""Stand-ins for what lies outside the suite: a mail server and the agencies' inboxes.

Real protocols on loopback (SMTP through aiosmtpd, HTTP through uvicorn), so the services
talk to them exactly as they would to the office's relay and the agencies' endpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
from email import policy
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request, Response


@dataclass
class MailSink:
    """Every message the SMTP server accepted."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
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


@dataclass
class AgencyInbox:
    """An agency's inbox: records each CloudEvent and acknowledges a redelivery without
    recording it twice, as the agency's idempotent endpoint would."""

    name: str
    deliveries: list[AgencyDelivery] = field(default_factory=list)
    redeliveries: int = 0

    def app(self) -> FastAPI:
        app = FastAPI(title=f"{self.name} inbox (stand-in)")

        @app.post("/inbox", status_code=202)
        async def receive(request: Request) -> Response:
            event_id = request.headers.get("ce-id", "")
            if any(d.event_id == event_id for d in self.deliveries):
                self.redeliveries += 1
                return Response(status_code=200)
            self.deliveries.append(
                AgencyDelivery(
                    event_id=event_id,
                    event_type=request.headers.get("ce-type", ""),
                    subject=request.headers.get("ce-subject", ""),
                    traceparent=request.headers.get("traceparent"),
                    body=await request.json(),
                )
            )
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


@contextlib.asynccontextmanager
async def running_standins(
    *, smtp_port: int, prosecution_port: int, correctional_port: int
) -> AsyncIterator[StandIns]:
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
        )
    ]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    try:
        while not all(server.started for server in servers):
            if any(task.done() for task in tasks):
                raise RuntimeError("an agency inbox stand-in could not start (port in use?)")
            await asyncio.sleep(0.05)
        yield standins
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        smtp.stop()
