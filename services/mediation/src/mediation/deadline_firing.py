"""Durable deadlines → commands. The deadline's id is the inbox key, so each acts once, also
when a restart or a second ticker sees it again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date

from konfliktrad_shared.deadlines import DueDeadline
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from konfliktrad_shared.messagebus import MessageBus
from mediation.domain.commands import CloseWithdrawalPeriod, RemindOfPerformance
from mediation.domain.errors import RuleViolation
from mediation.domain.model import NotFound
from mediation.handlers import PERFORMANCE_DUE, WITHDRAWAL_PERIOD_ENDS

CONSUMER = "mediation-deadlines"
log = logging.getLogger(__name__)


def firing(bus: MessageBus) -> Callable[[DueDeadline], Awaitable[None]]:
    async def fire(deadline: DueDeadline) -> None:
        agreement_id = str(deadline.payload["agreement_id"])
        command: object
        if deadline.kind == WITHDRAWAL_PERIOD_ENDS:
            command = CloseWithdrawalPeriod(deadline.aggregate_id, agreement_id)
        elif deadline.kind == PERFORMANCE_DUE:
            due_on = date.fromisoformat(str(deadline.payload["due_on"]))
            command = RemindOfPerformance(deadline.aggregate_id, agreement_id, due_on)
        else:
            log.warning("deadline %s of unknown kind %s skipped", deadline.id, deadline.kind)
            return
        try:
            await bus.handle(command, Delivery(CONSUMER, deadline.id))
        except DuplicateDelivery:
            # Acted on before a crash kept the ticker from marking it: done, mark it now.
            log.info("deadline %s already acted on", deadline.id)
        except (NotFound, RuleViolation) as final:
            # Firing again cannot change the answer; one stuck row must not block the rest.
            log.warning("deadline %s (%s) not acted on: %s", deadline.id, deadline.kind, final)

    return fire
