"""How a consumer treats a handler that raised: an outage is waited out, anything else counts
against the message, which is dead-lettered (`handler_error`) once the bound is reached."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from aiokafka.errors import KafkaError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from konfliktrad_shared.settings import ServiceSettings


@dataclass(frozen=True, slots=True)
class HandlerRetries:
    """How often a handler that raised is tried again before its message is dead-lettered
    (`handler_error`), and how long to wait between tries."""

    max_attempts: int = 5
    first_backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0

    def backoff(self, failed_attempts: int) -> float:
        exponent = min(max(failed_attempts - 1, 0), 30)
        return float(min(self.max_backoff_seconds, self.first_backoff_seconds * 2**exponent))


def is_an_outage(error: BaseException) -> bool:
    """The database, the broker or a service called over HTTP out of reach: no fault of the
    message, so never counted against it (a dead letter for it would lose every message read
    during an outage)."""
    if isinstance(error, OperationalError | InterfaceError | OSError | TimeoutError | KafkaError):
        return True
    return _an_http_outage(error) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    )


def _an_http_outage(error: BaseException) -> bool:
    # httpx is looked up, never imported: with the command line it brings (rich, pygments,
    # click) it cost ~0.1 s of a start's CPU, and a service that never imported it (only
    # notification and the adapters call over HTTP) cannot have raised its errors.
    http = sys.modules.get("httpx")
    if http is None:
        return False
    if isinstance(error, http.TransportError):
        return True
    if isinstance(error, http.HTTPStatusError):
        status = error.response.status_code
        return status >= 500 or status in (408, 425, 429)
    return False


def handler_retries(settings: ServiceSettings) -> HandlerRetries:
    return HandlerRetries(
        max_attempts=settings.handler_max_attempts,
        first_backoff_seconds=settings.handler_first_backoff_seconds,
        max_backoff_seconds=settings.handler_max_backoff_seconds,
    )
