"""`/metrics` only for the scraper that holds the deployment's scrape token.

Why a token on the service's own port rather than a second port: a separate port is closed
only where the network around it is set up so (an ingress or a network policy that forgets it
opens it again), while a token travels with the process and refuses by default, including on
a laptop or in a cluster without network policies. Prometheus sends it as it sends any bearer
credential (`authorization: {credentials_file: ...}` in a scrape config), read from a secret;
a staff token would not do: it lives an hour at most and names a person.
Without a configured token every scrape is refused.
"""

from __future__ import annotations

import hmac
import json

from starlette.types import ASGIApp, Receive, Scope, Send

MIN_TOKEN_LENGTH = 32  # a guessable token would be an open door with extra steps


class ScrapeTokenRequired:
    def __init__(self, app: ASGIApp, token: str) -> None:
        if token and len(token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"the metrics scrape token needs {MIN_TOKEN_LENGTH}+ characters")
        self.app = app
        self._expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._allowed(scope):
            await _unauthorized(send)
            return
        await self.app(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        if self._expected is None:
            return False
        given = dict(scope.get("headers", ())).get(b"authorization", b"")
        return hmac.compare_digest(given, self._expected)


async def _unauthorized(send: Send) -> None:
    content = json.dumps({"detail": "metrics need the scrape token"}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(content)),
        (b"www-authenticate", b'Bearer realm="metrics"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": content})
