"""Refuse NUL characters at the door (HTTP 422).

PostgreSQL text cannot hold U+0000, so a NUL in a path, a query or a JSON string would reach
the database and fail there as a server error. No field of this suite has a use for one, so
one guard for every service answers what it is — bad input — before any handler runs, instead
of a constraint on each of hundreds of string fields. Hand-written: it is a dozen lines of
ASGI, and no maintained package does just this.

The body is scanned chunk by chunk as it arrives (each chunk once, with the few bytes of the
one before it that an escape can straddle), never as one piece at the end: `LimitRequestBody`
around this guard bounds what is held, and no single scan blocks the event loop.
"""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REASON = "NUL characters (U+0000) are not accepted"
# A JSON escape of U+0000: `\u0000` after an even number of backslashes (an odd number
# would make it the text "\u0000" a user typed, which is harmless).
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
# An escape's "\\u0000" is 6 bytes; the run of backslashes before it decides whether it is
# one, so a chunk is scanned together with the tail of the one before: the tail's trailing
# backslashes and up to 5 bytes of a started escape.
_ESCAPE_LEN = 6


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
        body, more, scanned_to = bytearray(), True, 0
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            more = message.get("more_body", False)
            window_start = _window_start(body, scanned_to)
            body += chunk
            if b"\x00" in chunk or _ESCAPED_NUL.search(body, window_start):
                await _refuse(send)
                return
            scanned_to = len(body)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


def _window_start(body: bytearray, scanned_to: int) -> int:
    """Where the next scan starts: before any escape that the new chunk may complete and
    before the backslashes that decide whether it is one."""
    start = max(0, scanned_to - (_ESCAPE_LEN - 1))
    while start > 0 and body[start - 1] == 0x5C:  # a backslash
        start -= 1
    return start


async def _refuse(send: Send) -> None:
    content = json.dumps({"detail": REASON}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(content))]
    await send({"type": "http.response.start", "status": 422, "headers": headers})
    await send({"type": "http.response.body", "body": content})
