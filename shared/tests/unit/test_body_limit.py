"""Bodies over the limit get 413 before they are read in full; smaller ones pass intact."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from konfliktrad_shared.body_limit import LimitRequestBody
from konfliktrad_shared.nul_guard import RejectNulCharacters

LIMIT = 1024


def app(limit: int = LIMIT) -> FastAPI:
    service = FastAPI()
    service.add_middleware(RejectNulCharacters)
    service.add_middleware(LimitRequestBody, max_bytes=limit)  # as runtime adds them

    @service.post("/echo")
    async def echo(body: dict[str, Any]) -> dict[str, Any]:
        return body

    return service


class Stream(httpx.AsyncByteStream):
    """A chunked upload without Content-Length that records how much of it was read."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.read = chunks, size, 0

    async def __aiter__(self) -> Any:
        for _ in range(self.chunks):
            self.read += self.size
            yield b" " * self.size


async def post(
    service: FastAPI, headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    transport = httpx.ASGITransport(app=service)
    headers = {"content-type": "application/json"} | (headers or {})
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        return await http.post("/echo", headers=headers, **kwargs)


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    stream = Stream(chunks=100, size=LIMIT)
    response = await post(app(), content=stream, headers={"content-length": str(100 * LIMIT)})
    assert response.status_code == 413
    assert stream.read <= LIMIT  # at most the first chunk the transport pushed


async def test_a_streamed_body_is_refused_at_the_chunk_that_passes_the_limit() -> None:
    stream = Stream(chunks=1000, size=256)
    response = await post(app(), content=stream)
    assert response.status_code == 413
    assert stream.read < 8 * LIMIT


async def test_a_body_within_the_limit_reaches_the_handler_whole() -> None:
    body = {"text": "x" * (LIMIT - 20)}
    response = await post(app(), json=body)
    assert (response.status_code, response.json()) == (200, body)


@pytest.mark.parametrize("limit", [1024, 1024 * 1024])
async def test_the_limit_is_the_setting_not_a_constant(limit: int) -> None:
    response = await post(app(limit), content=b"{}" + b" " * limit)
    assert response.status_code == 413


async def test_twenty_megabytes_neither_reach_the_scan_nor_block_the_loop() -> None:
    started = time.perf_counter()
    response = await post(app(1024 * 1024), content=b'{"a": "' + b"x" * 20_000_000 + b'"}')
    assert response.status_code == 413
    assert time.perf_counter() - started < 1.0
