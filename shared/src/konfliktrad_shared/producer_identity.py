"""A new producer id for the idempotent producer once the broker refused one of its batches.

aiokafka numbers a partition's batches when it sends them, not when the broker takes them.
When the broker refuses a batch for good (too large for its topic, not authorised), its count
for that partition stays where it was while the producer's has moved on, so every later batch
to that partition is refused as out of order (OutOfOrderSequenceNumber, code 45) for as long
as the producer lives: one bad outbox row would take every row on its partition down with it.
Kafka's Java producer mends this by bumping its epoch and starting that partition's sequence
again; aiokafka (0.14) does neither. `renew_producer_id` does the equivalent: the producer
forgets its id and its sequence numbers, and its sender asks the broker for a new id before it
sends the next batch. Batches already numbered under the old id keep it, and the broker still
takes them in their order.

aiokafka has no public way to do this, so the attributes it touches are pinned by a unit test:
an upgrade that moves them fails there, not on a production relay.
"""

from __future__ import annotations

from typing import Any

from aiokafka.producer.transaction_manager import (
    NO_PRODUCER_EPOCH,
    NO_PRODUCER_ID,
    PidAndEpoch,
)
from aiokafka.util import create_future
from faststream.kafka import KafkaBroker


def aiokafka_producer(broker: KafkaBroker) -> Any:
    """The broker's aiokafka producer (FastStream 0.7 keeps it in its producer state); None
    while the broker is not started."""
    state = broker.config.producer._producer  # type: ignore[attr-defined]
    return state.producer if state else None


def renew_producer_id(producer: Any) -> bool:
    """Makes an idempotent producer ask for a new producer id before its next batch.

    False when there is nothing to renew: no producer, no idempotence, a transactional
    producer (whose recovery is to abort the transaction), or a new id already asked for."""
    if producer is None:
        return False
    manager = producer._txn_manager
    if manager is None or manager.transactional_id is not None or not manager.has_pid():
        return False
    manager._pid_and_epoch = PidAndEpoch(NO_PRODUCER_ID, NO_PRODUCER_EPOCH)
    manager._pid_waiter = create_future()
    manager._sequence_numbers.clear()
    return True
