"""Which handler errors count against a message (and end in `handler_error`) and which are an
outage the consumer waits out."""

from __future__ import annotations

import httpx
import pytest
from aiokafka.errors import KafkaTimeoutError
from sqlalchemy.exc import IntegrityError, OperationalError

from konfliktrad_shared.consumer_retries import HandlerRetries, is_an_outage


def status_error(status: int) -> httpx.HTTPStatusError:
    request = httpx.Request("GET", "http://register.test/")
    return httpx.HTTPStatusError("x", request=request, response=httpx.Response(status))


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("SELECT 1", {}, Exception("connection refused")),
        ConnectionRefusedError(),
        TimeoutError(),
        KafkaTimeoutError(),
        httpx.ConnectError("down"),
        status_error(503),
        status_error(429),
    ],
)
def test_an_outage_is_not_the_messages_fault(error: Exception) -> None:
    assert is_an_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        KeyError("guardian"),
        ValueError("no such office"),
        IntegrityError("INSERT", {}, Exception("duplicate key")),
        status_error(404),
    ],
)
def test_any_other_error_counts_against_the_message(error: Exception) -> None:
    assert not is_an_outage(error)


def test_the_backoff_doubles_up_to_its_cap() -> None:
    retries = HandlerRetries(max_attempts=6, first_backoff_seconds=0.5, max_backoff_seconds=3)
    assert [retries.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
