"""What a consumer does with a type it has no route for: skip the suite's own, dead-letter
the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import ConsumerRecord

from konfliktrad_shared.contracts import mediation, referral
from konfliktrad_shared.contracts.catalogue import published_event_types
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.messaging import PoisonMessage, Route, TopicConsumer


def record(event_type: str) -> ConsumerRecord[Any, Any]:
    envelope = Envelope(id="e1", type=event_type, source="urn:test", time=datetime.now(UTC))
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    return ConsumerRecord("t", 0, 0, 0, 0, b"k", b"{}", None, 1, 2, headers)


async def no_handler(event: Any, delivery: Any) -> None:
    raise AssertionError("no route should run")


def consumer() -> TopicConsumer:
    registered = referral.ReferralRegistered
    routes = {registered.event_type: Route(registered, no_handler)}
    broker: Any = None  # _decode never touches the broker
    return TopicConsumer(broker=broker, topic="t", consumer_name="c", routes=routes)


def test_every_published_contract_is_in_the_catalogue() -> None:
    assert referral.ReferralRejected.event_type in published_event_types()
    assert mediation.AgreementApproved.event_type in published_event_types()


def test_a_catalogued_type_without_a_route_is_skipped() -> None:
    assert consumer()._decode(record(mediation.AgreementApproved.event_type)) is None


def test_a_type_no_contract_knows_is_poison() -> None:
    unknown = referral.ReferralRegistered.event_type.removesuffix(".v1") + ".v9"
    with pytest.raises(PoisonMessage) as poison:
        consumer()._decode(record(unknown))
    assert poison.value.reason == "unknown_type"
