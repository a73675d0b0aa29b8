"""Logs as one JSON object per line: time, level, service, trace and span ids, event type.

The trace and span ids are those of the OpenTelemetry span current when the record was
made, so a log line can be found from a trace and a trace from a log line. What a record
carries is only what the suite's log calls put in their message (positions, reasons, ids;
never personal data) plus, for an error, the exception's class and where it was raised:
an exception's text is left out, because a driver's message can quote the row it refused.
uvicorn's access lines keep the method, the path without its query string and the status,
not the client's address; httpx's per-request lines (full URLs) are left out.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace

# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# `extra=` keys a line may carry; anything else given through `extra` is left out.
_EXTRA_FIELDS = ("event_type", "topic", "partition", "offset", "reason", "audit")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self._service,
            "logger": record.name,
            "message": _message(record),
        }
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            line["trace_id"] = trace.format_trace_id(context.trace_id)
            line["span_id"] = trace.format_span_id(context.span_id)
        for name in _EXTRA_FIELDS:
            if name in vars(record) and name not in _STANDARD:
                line[name] = vars(record)[name]
        if record.exc_info and record.exc_info[0] is not None:
            line["error_type"] = record.exc_info[0].__name__
            line["error_at"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])[-5:]
            ]
        return json.dumps(line, default=str)


def _message(record: logging.LogRecord) -> str:
    if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
        _client, method, path, _version, status = record.args
        return f"{method} {str(path).split('?', 1)[0]} {status}"
    return record.getMessage()


def logging_config(service: str, *, json_lines: bool, level: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` dict for the root logger and uvicorn's: give it to
    `uvicorn.run(log_config=...)`, which applies it at start."""
    formatter: dict[str, Any] = (
        {"()": JsonFormatter, "service": service}
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"}
    uvicorn = {"handlers": [], "level": level, "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": formatter},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": uvicorn,
            "uvicorn.error": uvicorn,
            "uvicorn.access": uvicorn,
            # httpx logs every request's full URL at INFO, query string included.
            "httpx": {"level": "WARNING"},
            "httpcore": {"level": "WARNING"},
        },
    }
