"""Refuse NUL characters at the door (HTTP 422).

PostgreSQL text cannot hold U+0000, so a NUL in a path, a query or a JSON string would reach
the database and fail there as a server error. No field of this suite has a use for one, so
one guard for every service answers what it is — bad input — before any handler runs, instead
of a constraint on each of hundreds of string fields. Hand-written: it is a dozen lines of
ASGI, and no maintained package does just this.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REASON = "NUL characters (U+0000) are not accepted"
# A JSON escape of U+0000: `\u0000` after an even number of backslashes (an odd number
# would make it the text "\u0000" a user typed, which is harmless).
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class RejectNulCharacters:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await _refuse(send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if b"\x00" in body or _ESCAPED_NUL.search(body):
            await _refuse(send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _refuse(send: Send) -> None:
    content = json.dumps({"detail": REASON}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(content))]
    await send({"type": "http.response.start", "status": 422, "headers": headers})
    await send({"type": "http.response.body", "body": content})
