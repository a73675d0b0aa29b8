"""A consumer of senders' own topics: the topic proves who wrote a message, and a claimed
`ce_source` that is not that sender's is poison (`sender_mismatch`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import ConsumerRecord

from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.catalogue import published_event_types
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.messaging import (
    PoisonMessage,
    ProvenSender,
    Route,
    TopicConsumer,
    sender_by_bus_rights,
)

OSLO = topics.referrals_from("police-oslo")
OSLO_SOURCE = "urn:no:politiet:oslo"
EVENT = referral.ReferralWithdrawn  # any contract will do: only the envelope is at stake here


def record(topic: str, source: str, ce_id: str = "e1") -> ConsumerRecord[Any, Any]:
    envelope = Envelope(id=ce_id, type=EVENT.event_type, source=source, time=datetime.now(UTC))
    headers = [(name, value.encode()) for name, value in envelope.headers().items()]
    value = (
        b'{"case_id": "c", "sender_reference": "r", "office": "o", '
        b'"withdrawn_on": "2026-11-20", "withdrawn_at": "2026-11-20T12:00:00Z"}'
    )
    return ConsumerRecord(topic, 0, 0, 0, 0, b"k", value, None, 1, len(value), headers)


async def no_handler(event: Any, delivery: Any) -> None:
    raise AssertionError("_decode runs no route")


def consumer(pattern: str | None = topics.REFERRALS_PATTERN) -> TopicConsumer:
    broker: Any = None  # _decode never touches the broker
    return TopicConsumer(
        broker=broker,
        topic=f"{topics.REFERRALS_PREFIX}{{sender}}",
        pattern=pattern,
        senders=sender_by_bus_rights,
        consumer_name="referral",
        routes={EVENT.event_type: Route(EVENT, no_handler)},
    )


def test_the_table_of_bus_rights_names_the_sender_of_each_referral_topic() -> None:
    assert sender_by_bus_rights(OSLO) == ProvenSender("police-oslo", OSLO_SOURCE)
    assert sender_by_bus_rights(topics.dead_letter_topic(OSLO)) is None
    assert sender_by_bus_rights(topics.REFERRAL_EVENTS) is None


def test_the_proven_sender_reaches_the_handler_and_keys_the_inbox_with_the_ce_id() -> None:
    decoded = consumer()._decode(record(OSLO, OSLO_SOURCE, ce_id="ce-7"))
    assert decoded is not None
    delivery, _route, _event = decoded
    assert delivery.sender == "police-oslo"
    assert delivery.event_id == "police-oslo/ce-7"  # CloudEvents: source + id is unique


def test_a_ce_source_that_is_not_the_topics_sender_is_sender_mismatch() -> None:
    forged = record(topics.referrals_from("police-bergen"), OSLO_SOURCE)
    with pytest.raises(PoisonMessage) as poison:
        consumer()._decode(forged)
    assert poison.value.reason == "sender_mismatch"
    assert "urn:no:politiet:vest" in poison.value.detail  # what the sender must claim instead


def test_a_topic_no_sender_owns_is_unknown_sender() -> None:
    with pytest.raises(PoisonMessage) as poison:
        consumer()._decode(record(f"{topics.REFERRALS_PREFIX}police-narnia", OSLO_SOURCE))
    assert poison.value.reason == "unknown_sender"


def test_a_consumer_without_senders_proves_nothing_and_keys_by_ce_id() -> None:
    broker: Any = None
    plain = TopicConsumer(
        broker=broker,
        topic=topics.REFERRAL_EVENTS,
        consumer_name="c",
        routes={EVENT.event_type: Route(EVENT, no_handler)},
    )
    decoded = plain._decode(record(topics.REFERRAL_EVENTS, "urn:anything", ce_id="ce-8"))
    assert decoded is not None
    assert (decoded[0].sender, decoded[0].event_id) == (None, "ce-8")


def test_the_pattern_is_anchored_because_aiokafka_matches_a_prefix() -> None:
    anchored = consumer().pattern
    assert anchored is not None
    assert re.match(anchored, OSLO)
    assert not re.match(anchored, topics.dead_letter_topic(OSLO))


def test_a_pattern_with_braces_is_refused() -> None:
    # FastStream reads `{name}` as a path parameter and subscribes to `.*` in its place.
    with pytest.raises(ValueError, match="braces"):
        consumer(pattern=f"{re.escape(topics.REFERRALS_PREFIX)}{{sender}}")


def test_the_withdrawal_is_catalogued_so_other_consumers_skip_it() -> None:
    assert referral.ReferralWithdrawn.event_type in published_event_types()
