"""The services' unit tests never reach a broker (their brokers are never started, or a
stand-in takes the messages), so they run on the explicit PLAINTEXT setting: on the embedded
profile a service would otherwise read its Kafka credentials from a provisioned local broker's
state directory, which a fresh checkout does not have until a broker was started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

SERVICE_PREFIXES = (
    "REFERRAL_",
    "MEDIATION_",
    "YOUTH_PLAN_",
    "VETTING_",
    "NOTIFICATION_",
    "PROSECUTION_ADAPTER_",
    "CORRECTIONAL_ADAPTER_",
)


@pytest.fixture(autouse=True)
def _no_broker_to_prove_anything_to(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for prefix in SERVICE_PREFIXES:
        monkeypatch.setenv(f"{prefix}KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
    yield
