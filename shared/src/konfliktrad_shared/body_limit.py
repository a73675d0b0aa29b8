"""Refuse request bodies over a limit (HTTP 413) before they are read in full.

A declared `Content-Length` over the limit is refused without reading a byte of the body; a
body streamed without one (chunked) is counted as it arrives and refused at the first chunk
that passes the limit, so no request can make a service hold or scan more than the limit.
Hand-written: a pure ASGI wrapper of thirty lines; the packages that do this
(`asgi-limit`, Starlette's own `max_part_size`) cover multipart forms or are unmaintained.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_LIMIT = 1024 * 1024  # 1 MiB: the largest legitimate body (a civil filing) is ~10 KiB


class BodyTooLarge(Exception):
    """Raised from `receive` once the streamed body passes the limit."""


class LimitRequestBody:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await refuse_too_large(send, self.max_bytes)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:  # the app answered before reading it all: nothing left to say
                raise
            await refuse_too_large(send, self.max_bytes)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def refuse_too_large(send: Send, max_bytes: int) -> None:
    content = json.dumps({"detail": f"request body over {max_bytes} bytes"}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(content)),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": content})
