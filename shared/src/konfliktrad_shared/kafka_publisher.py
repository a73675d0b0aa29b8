"""The outbox relay's Kafka side: a batch sent at once, an outcome per message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker
from opentelemetry import context as otel_context
from opentelemetry import propagate

from konfliktrad_shared.outbox_relay import Failure, OutboxMessage, Outcome
from konfliktrad_shared.producer_identity import aiokafka_producer, renew_producer_id

log = logging.getLogger(__name__)


class KafkaOutboxPublisher:
    """Sends a batch at once, then gathers each message's acknowledgement on its own: one
    message the broker refuses does not undo the acknowledgement of its neighbours.

    After a message the broker did not take, the idempotent producer is given a new producer
    id (`renew_producer_id`) before anything else is sent: its numbering of that message's
    partition ran ahead of the broker's, and every later message there would be refused as
    out of order."""

    def __init__(self, broker: KafkaBroker) -> None:
        self._broker = broker

    async def publish_all(self, messages: Sequence[OutboxMessage]) -> None:
        for outcome in await self.publish_each(messages):
            if outcome is not None:
                raise RuntimeError(f"the broker did not acknowledge a message: {outcome.error}")

    async def publish_each(self, messages: Sequence[OutboxMessage]) -> list[Outcome]:
        sent = [await self._send(message) for message in messages]
        waiting = [entry for entry in sent if not isinstance(entry, BaseException)]
        answers = await asyncio.gather(*waiting, return_exceptions=True)
        if any(isinstance(answer, BaseException) for answer in answers):
            self._renew_producer_id()
        acknowledged = iter(answers)
        outcomes: list[Outcome] = []
        for entry in sent:
            result = entry if isinstance(entry, BaseException) else next(acknowledged)
            outcomes.append(_failure(result) if isinstance(result, BaseException) else None)
        refused = [
            i for i, outcome in enumerate(outcomes) if outcome and outcome.counts_toward_bound
        ]
        if len(refused) > 1:
            # The producer batches a partition's messages, and the broker refuses a batch
            # whole: each refused message is tried once more on its own, so only the one at
            # fault is charged (as Kafka's Java producer splits a batch that is too large).
            for index in refused:
                outcomes[index] = await self._alone(messages[index])
        return outcomes

    async def _send(self, message: OutboxMessage) -> asyncio.Future[Any] | BaseException:
        # Publish inside the writer's trace, so one trace id spans write → publish → consume.
        token = otel_context.attach(propagate.extract(message.headers))
        try:
            sending: asyncio.Future[Any] = await self._broker.publish(
                message.payload,
                message.topic,
                key=message.key.encode("utf-8"),
                headers=message.headers,
                no_confirm=True,
            )
            return sending
        except Exception as refused:  # refused before it left (too large, say)
            return refused
        finally:
            otel_context.detach(token)

    async def _alone(self, message: OutboxMessage) -> Outcome:
        sending = await self._send(message)
        if isinstance(sending, BaseException):
            return _failure(sending)
        try:
            await sending
        except Exception as error:
            self._renew_producer_id()
            return _failure(error)
        return None

    def _renew_producer_id(self) -> None:
        # Whether its numbering is still in step with the broker's cannot be told from outside.
        if renew_producer_id(aiokafka_producer(self._broker)):
            log.warning("outbox publisher: a message was refused; the producer takes a new id")


def _failure(error: BaseException) -> Failure:
    """The error class and, for the broker's own errors, its code and message (which name
    limits and rights, never the message's content)."""
    if isinstance(error, KafkaError):
        return Failure(
            f"{type(error).__name__} (code {error.errno}): {error}"[:500],
            # A retriable error is an outage (no leader, not enough replicas): never parked.
            counts_toward_bound=not error.retriable,
        )
    return Failure(type(error).__name__)
