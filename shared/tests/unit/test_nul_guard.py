from __future__ import annotations

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
