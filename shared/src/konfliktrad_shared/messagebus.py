"""Routes commands and domain events to handlers from explicit tables."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate

from konfliktrad_shared.audit_chain import acting
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.uow import SharedTransaction, SqlAlchemyUnitOfWork, Viewer

log = logging.getLogger(__name__)

__all__ = ["Handler", "MessageBus", "OnBehalfOf", "UnitOfWorkFactory", "Viewer"]

Handler = Callable[[Any, Any], Awaitable[Any]]
UnitOfWorkFactory = Callable[[Delivery | None], SqlAlchemyUnitOfWork]


@dataclass(frozen=True, slots=True)
class OnBehalfOf:
    """A command asked for by someone who sees only some offices' aggregates (an HTTP
    caller): its handler's unit of work loads only what `viewer` sees, so the office check
    is made on the handler's own read, in its transaction, and cannot go stale."""

    command: Any
    viewer: Viewer


class MessageBus:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        command_handlers: Mapping[type, Handler],
        event_handlers: Mapping[type, Sequence[Handler]],
    ) -> None:
        self._uow_factory = uow_factory
        self._command_handlers = command_handlers
        self._event_handlers = event_handlers

    async def handle(self, command: Any, delivery: Delivery | None = None) -> Any:
        """Run the command's handler, then every event handler its events call for.

        `delivery` (a consumed message's identity) goes to the command's unit of work only:
        the inbox row belongs in the transaction that acts on the message. Event handlers run
        after that commit, in transactions of their own: a reaction that must survive a crash
        between the two belongs in the command's transaction or behind the outbox instead.
        """
        viewer: Viewer | None = None
        if isinstance(command, OnBehalfOf):
            command, viewer = command.command, command.viewer
        handler = self._command_handlers[type(command)]
        uow = self._uow_factory(delivery)
        if viewer is not None:
            uow.act_for(viewer)
        actor = acting(delivery, viewer)
        uow.audit_as(command, actor)
        result = await handler(command, uow)
        await self._react(uow, actor)
        return result

    async def handle_batch(self, commands: Sequence[tuple[Any, Delivery]]) -> None:
        """Run each consumed message's command, in the order given, in one transaction.

        Each command's unit of work joins the batch's (`SharedTransaction`): its inbox row is
        claimed there (a duplicate is skipped, the others go on) and its commit is the batch's,
        which writes every audit entry and outbox row in order and commits once. Anything that
        raises rolls the whole batch back and propagates: the caller handles the messages one
        at a time (`handle`) instead. After the commit each message's events go to their
        handlers, as `handle` does; one whose reactions fail is logged and the rest go on,
        since its command is committed and a redelivery would be a duplicate all the same.
        """
        shared = SharedTransaction(
            [delivery for _command, delivery in commands], [command for command, _ in commands]
        )
        handled: list[tuple[SqlAlchemyUnitOfWork, Any]] = []
        try:
            for command, delivery in commands:
                handler = self._command_handlers[type(command)]
                uow = self._uow_factory(delivery)
                uow.join(shared)
                actor = acting(delivery, None)
                uow.audit_as(command, actor)
                token = otel_context.attach(_trace_of(delivery))
                try:
                    await handler(command, uow)
                except DuplicateDelivery:
                    log.info("duplicate %s skipped", delivery.event_id)
                    continue
                finally:
                    otel_context.detach(token)
                handled.append((uow, actor))
            await shared.commit()
        finally:
            await shared.close()
        for uow, actor in handled:
            try:
                await self._react(uow, actor)
            except Exception:
                log.exception("a consumed message's events were committed, a reaction failed")

    async def _react(self, uow: SqlAlchemyUnitOfWork, actor: Any) -> None:
        queue = list(uow.collect_new_events())
        while queue:
            event = queue.pop(0)
            for event_handler in self._event_handlers.get(type(event), ()):
                event_uow = self._uow_factory(None)
                event_uow.audit_as(event, actor)
                await event_handler(event, event_uow)
                queue.extend(event_uow.collect_new_events())


def _trace_of(delivery: Delivery) -> otel_context.Context:
    """The message's own trace, so its outbox rows carry on the trace it came with."""
    envelope = delivery.envelope
    if envelope is None or envelope.traceparent is None:
        return otel_context.get_current()
    return propagate.extract({"traceparent": envelope.traceparent})
