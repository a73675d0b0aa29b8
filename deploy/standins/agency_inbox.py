"""Stand-in for an agency's inbox (the prosecution's or the correctional service's), for the
compose suite. Standard library only: it runs on the plain python image.

    POST /inbox       a CloudEvent in HTTP binary mode (ce-* headers, JSON body):
                      202 when new, 200 for a redelivered ce-id (recorded again, marked
                      "redelivery": a duplicate is counted, never folded away)
    GET  /deliveries  everything that arrived, oldest first, repeats included, as JSON
    GET  /counts      how many times each ce-id arrived, as JSON
    GET  /livez       200

Kept in memory only: a restart forgets. The agency adapters retry until they get a 2xx, so
stopping this container shows the outbox holding deliveries until it is back.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_BODY_BYTES = 1024 * 1024


class Inbox:
    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._deliveries: list[dict[str, Any]] = []
        self._counts: Counter[str] = Counter()

    def receive(self, headers: dict[str, str], body: Any) -> bool:
        """Records the delivery, a repeat too; False if its ce-id had arrived before."""
        event_id = headers.get("ce-id", "")
        with self._lock:
            self._counts[event_id] += 1
            new = self._counts[event_id] == 1
            self._deliveries.append(
                {
                    "event_id": event_id,
                    "redelivery": not new,
                    "event_type": headers.get("ce-type", ""),
                    "source": headers.get("ce-source", ""),
                    "subject": headers.get("ce-subject", ""),
                    "time": headers.get("ce-time", ""),
                    "traceparent": headers.get("traceparent"),
                    "body": body,
                }
            )
            return new

    def deliveries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._deliveries)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


def handler_for(inbox: Inbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = f"{inbox.name}-inbox-standin"

        def do_POST(self) -> None:
            if self.path != "/inbox":
                self._answer(HTTPStatus.NOT_FOUND, {"detail": "not found"})
                return
            length = int(self.headers.get("content-length") or 0)
            if length > MAX_BODY_BYTES:
                self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"detail": "too large"})
                return
            missing = [
                name
                for name in ("ce-id", "ce-type", "ce-source", "ce-specversion")
                if not self.headers.get(name)
            ]
            if missing:
                self._answer(HTTPStatus.BAD_REQUEST, {"detail": f"missing {missing}"})
                return
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                self._answer(HTTPStatus.BAD_REQUEST, {"detail": "body is not JSON"})
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            new = inbox.receive(headers, body)
            print(
                f"{inbox.name} inbox: {'received' if new else 'redelivered'} "
                f"{headers['ce-type']} {headers['ce-id']}",
                flush=True,
            )
            self._answer(HTTPStatus.ACCEPTED if new else HTTPStatus.OK, None)

        def do_GET(self) -> None:
            if self.path == "/livez":
                self._answer(HTTPStatus.OK, {"status": "alive"})
            elif self.path == "/deliveries":
                self._answer(HTTPStatus.OK, inbox.deliveries())
            elif self.path == "/counts":
                self._answer(HTTPStatus.OK, inbox.counts())
            else:
                self._answer(HTTPStatus.NOT_FOUND, {"detail": "not found"})

        def _answer(self, status: HTTPStatus, payload: Any) -> None:
            content = b"" if payload is None else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # one line per delivery is printed above; health probes stay quiet

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="an agency inbox stand-in")
    parser.add_argument("--name", required=True)
    parser.add_argument("--host", default="0.0.0.0")  # a container's port, published by compose
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), handler_for(Inbox(args.name)))
    print(f"{args.name} inbox stand-in on {args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
