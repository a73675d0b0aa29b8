"""The parts of aiokafka's idempotent producer that `renew_producer_id` relies on.

aiokafka offers no public way to take a new producer id, so these pin what the outbox
publisher touches after a refusal: an aiokafka upgrade that moves it fails here.
"""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.structs import TopicPartition
from faststream.kafka import KafkaBroker

from konfliktrad_shared.producer_identity import aiokafka_producer, renew_producer_id

PARTITION = TopicPartition("case-events", 1)


async def test_a_renewed_producer_waits_for_a_new_id_and_numbers_every_partition_anew() -> None:
    producer = AIOKafkaProducer(bootstrap_servers="127.0.0.1:1", enable_idempotence=True)
    manager = producer._txn_manager
    manager.set_pid_and_epoch(41, 0)
    manager.increment_sequence_number(PARTITION, 12)

    assert renew_producer_id(producer)

    assert not manager.has_pid(), "the sender asks the broker for a new id before it sends"
    assert manager.sequence_number(PARTITION) == 0
    waiting = asyncio.ensure_future(manager.wait_for_pid())
    await asyncio.sleep(0)
    assert not waiting.done(), "nothing is numbered until the new id came"
    manager.set_pid_and_epoch(42, 0)  # what the sender does with the broker's answer
    await asyncio.wait_for(waiting, 1)
    assert (manager.producer_id, manager.sequence_number(PARTITION)) == (42, 0)


async def test_a_producer_already_waiting_for_an_id_is_left_alone() -> None:
    producer = AIOKafkaProducer(bootstrap_servers="127.0.0.1:1", enable_idempotence=True)
    waiter = producer._txn_manager._pid_waiter

    assert not renew_producer_id(producer)
    assert producer._txn_manager._pid_waiter is waiter, "whoever waits for the first id still does"


async def test_nothing_to_renew_without_idempotence() -> None:
    producer = AIOKafkaProducer(bootstrap_servers="127.0.0.1:1", enable_idempotence=False)

    assert not renew_producer_id(producer)


async def test_a_broker_not_started_has_no_producer_to_renew() -> None:
    producer = aiokafka_producer(KafkaBroker("127.0.0.1:1", enable_idempotence=True))

    assert producer is None and not renew_producer_id(producer)
