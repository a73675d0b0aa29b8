from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from konfliktrad_shared.nul_guard import REASON, RejectNulCharacters


def client() -> TestClient:
    app = FastAPI()
    app.add_middleware(RejectNulCharacters)

    @app.post("/echo/{name}")
    async def echo(name: str, body: dict[str, Any], q: str = "") -> dict[str, Any]:
        return {"name": name, "q": q, "body": body}

    return TestClient(app)


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/echo/a%00b", b"{}"),
        ("/echo/a?q=x%00", b"{}"),
        ("/echo/a", b'{"text": "a\\u0000b"}'),
        ("/echo/a", b'{"text": "a\x00b"}'),
    ],
)
def test_a_nul_anywhere_in_the_request_is_a_422(path: str, content: bytes) -> None:
    response = client().post(path, content=content, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (422, {"detail": REASON})


@pytest.mark.parametrize("text", ["æøå", "a typed \\u0000 is text", "\\\\"])
def test_a_request_without_nul_reaches_the_handler_with_its_body(text: str) -> None:
    response = client().post("/echo/a?q=x", json={"text": text})
    assert response.status_code == 200
    assert response.json() == {"name": "a", "q": "x", "body": {"text": text}}


async def _post_in_chunks(chunks: list[bytes]) -> tuple[int, Any]:
    """Sends the body as the server would deliver a streamed upload: one message per chunk."""
    app = client().app
    pending = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
        for n, chunk in enumerate(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/echo/a", "raw_path": b"/echo/a", "query_string": b"",
        "root_path": "", "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    await app(scope, receive, send)
    return sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.mark.parametrize("cut", range(1, 14))
async def test_an_escaped_nul_split_across_chunks_is_still_found(cut: int) -> None:
    body = b'{"text": "a\\u0000b"}'
    status, answer = await _post_in_chunks([body[:cut], body[cut:]])
    assert (status, answer) == (422, {"detail": REASON})


@pytest.mark.parametrize("cut", range(1, 16))
async def test_a_typed_backslash_u_split_across_chunks_is_text(cut: int) -> None:
    body = b'{"text": "a\\\\u0000b"}'
    status, answer = await _post_in_chunks([body[:cut], body[cut:]])
    assert (status, answer["body"]) == (200, {"text": "a\\u0000b"})
