"""Durable deadlines → commands. The deadline's id is the inbox key, so each acts once, also
when a restart or a second ticker sees it again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from konfliktrad_shared.deadlines import DueDeadline
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from mediation.domain.commands import CloseWithdrawalPeriod, RemindOfPerformance
from mediation.handlers import PERFORMANCE_DUE, WITHDRAWAL_PERIOD_ENDS

CONSUMER = "mediation-deadlines"


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
            return
        await bus.handle(command, Delivery(CONSUMER, deadline.id))

    return fire
