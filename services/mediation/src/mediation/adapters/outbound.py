"""Domain events → integration events, and which topics they go to."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import mediation as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.outbox import OutgoingEvent
from mediation.domain import events


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


@translate.register
def _(event: events.MediatorAddedToRoster) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.MEDIATION_EVENTS,
            contract.MediatorAvailable(
                mediator_id=event.mediator_id,
                office=event.office,
                available_from=event.available_from,
            ),
        ),
    )
