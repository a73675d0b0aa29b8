"""§9: what is said in a meeting stays in its notes, encrypted, and goes nowhere else — not
into an event, a log line or a trace attribute."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from mediation_http import NOW, end_meeting, make_settings, office, play_to_approval
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from konfliktrad_shared.clock import FrozenClock


def database_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in directory.glob("mediation.sqlite3*"))


SENTENCE = "Fiolinbyggeren i Bodø angret at han kastet steinen mot drivhuset 14. mai"


async def test_par9_meeting_notes_appear_in_no_event_log_line_or_span(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = await make_settings(tmp_path)
    clock = FrozenClock(NOW)
    spans = InMemorySpanExporter()
    caplog.set_level(logging.DEBUG)
    async with office(settings, clock) as o:
        o.app.state.runtime.telemetry.tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
        await o.seed()
        meeting_id, agreement_id = await play_to_approval(o, notes=SENTENCE)
        assert (await end_meeting(o, meeting_id)).status_code == 204
        clock.set(NOW + timedelta(days=40))
        fired = [await o.app.state.ticker.fire_due() for _ in range(3)]
        assert fired == [2, 0, 0]  # the period's end and the reminder, both in one pass
        fulfilled = await o.http.post(
            f"/cases/c-1/agreements/{agreement_id}/fulfilment", headers=o.leader()
        )
        assert fulfilled.status_code == 204
        read_back = await o.http.get(
            f"/cases/c-1/meetings/{meeting_id}/notes", headers=o.mediator()
        )
        assert read_back.json()["notes"][0]["text"] == SENTENCE, "the mediator reads them"
        outbox = await o.outbox()

    assert len(outbox) >= 6, "the whole flow published its events"
    for message in outbox:
        row = message["row"]
        assert SENTENCE not in row.payload and SENTENCE not in str(row.headers)
    assert caplog.records, "logging was captured"
    for record in caplog.records:
        assert SENTENCE not in record.getMessage()
    finished = spans.get_finished_spans()
    assert any(span.name.startswith("POST") for span in finished), "HTTP spans were exported"
    for span in finished:
        text = f"{span.name} {dict(span.attributes or {})} {[e.attributes for e in span.events]}"
        assert SENTENCE not in text
    stored = await asyncio.to_thread(database_bytes, tmp_path)
    assert SENTENCE.encode() not in stored, "encrypted at rest"
