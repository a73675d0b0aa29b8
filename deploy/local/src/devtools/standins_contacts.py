"""Stand-ins for the systems notification reaches people through: an SMS provider, a
digital-post provider (with delivery receipts) and the contact and reservation register.

Small real HTTP servers (served by `standins.running_standins`), so the service talks to them
exactly as it would to the providers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response


@dataclass
class SmsGateway:
    messages: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI(title="SMS provider (stand-in)")

        @app.post("/sms", status_code=202)
        async def send(request: Request) -> dict[str, str]:
            message = await request.json()
            if not any(m["message_id"] == message["message_id"] for m in self.messages):
                self.messages.append(message)
            return {"status": "accepted"}

        return app


@dataclass
class DigitalMailbox:
    """Takes each message once (by its id) and, like a digital-post provider, later sends a
    delivery receipt to the sender's receipt URL."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    receipts_sent: list[str] = field(default_factory=list)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, repr=False)

    def app(self) -> FastAPI:
        app = FastAPI(title="Digital mailbox provider (stand-in)")

        @app.post("/messages", status_code=202)
        async def send(request: Request) -> dict[str, str]:
            message = await request.json()
            if not any(m["message_id"] == message["message_id"] for m in self.messages):
                self.messages.append(message)
                if message.get("receipt_url"):
                    task = asyncio.create_task(self._receipt(message))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            return {"status": "accepted"}

        return app

    async def _receipt(self, message: dict[str, Any]) -> None:
        await asyncio.sleep(0.2)
        receipt = {
            "message_id": message["message_id"],
            "receipt_token": message.get("receipt_token", ""),  # echoed, as the sender asked
            "status": "delivered",
        }
        async with httpx.AsyncClient(timeout=5.0) as client:
            for _ in range(20):  # the sender may still be starting
                try:
                    response = await client.post(message["receipt_url"], json=receipt)
                    if response.is_success:
                        self.receipts_sent.append(message["message_id"])
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)


@dataclass
class ContactRegister:
    """The contact and reservation register: national id → contact details and whether the
    person opted out of digital mail. Tests fill `people`."""

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    lookups: int = 0

    def app(self) -> FastAPI:
        app = FastAPI(title="Contact and reservation register (stand-in)")

        @app.post("/lookup", response_model=None)
        async def lookup(request: Request) -> Response | dict[str, Any]:
            self.lookups += 1
            person = self.people.get((await request.json()).get("national_id", ""))
            if person is None:
                return Response(status_code=404)
            return {"opted_out": False, **person}

        return app
