"""Log lines of a real request, served by uvicorn with the suite's logging configuration,
carry the trace and span ids of that request's spans."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import text

from konfliktrad_shared.db import create_engine
from konfliktrad_shared.logging_json import logging_config
from konfliktrad_shared.telemetry import instrument_app, setup_telemetry

NATIONAL_ID = "01017012345"


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_a_requests_log_lines_carry_the_trace_and_span_ids_of_its_spans(
    tmp_path: Path, restored_logging: None
) -> None:
    telemetry = setup_telemetry("referral", None)
    spans = InMemorySpanExporter()
    telemetry.tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    app = FastAPI()
    log = logging.getLogger("referral.entrypoints.api")

    @app.get("/cases/{case_id}")
    async def look(case_id: str) -> dict[str, str]:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        log.info("case %s looked at", case_id, extra={"event_type": "case.looked_at"})
        return {"case": case_id}

    instrument_app(app, engine, telemetry)
    port = _free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_config=logging_config("referral", json_lines=True),
    )
    captured = io.StringIO()
    for handler in logging.getLogger().handlers:
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(captured)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):  # uvicorn says it started by a flag, not an event
            if server.started:
                break
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient() as client:
            answer = await client.get(
                f"http://127.0.0.1:{port}/cases/c-1", params={"q": NATIONAL_ID}
            )
        assert answer.status_code == 200
    finally:
        server.should_exit = True
        await serving
        await engine.dispose()

    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    request_spans = [s for s in spans.get_finished_spans() if s.name.startswith("GET /cases")]
    trace_id = trace.format_trace_id(request_spans[0].context.trace_id)
    span_ids = {
        trace.format_span_id(s.context.span_id)
        for s in spans.get_finished_spans()
        if s.context.trace_id == request_spans[0].context.trace_id
    }
    (looked,) = [line for line in lines if line.get("event_type") == "case.looked_at"]
    (access,) = [line for line in lines if line["logger"] == "uvicorn.access"]
    for line in (looked, access):
        assert line["service"] == "referral" and line["level"] == "INFO" and line["time"]
        assert line["trace_id"] == trace_id
        assert line["span_id"] in span_ids
    assert access["message"] == "GET /cases/c-1 200"
    # The query string and the client's address stay out of the log.
    assert [line for line in lines if NATIONAL_ID in json.dumps(line)] == []
    assert "127.0.0.1" not in access["message"]
    # Lines outside a request (server start and stop) carry no trace.
    assert any("trace_id" not in line for line in lines)
