"""Domain events → integration events, and which topics they go to."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import vetting as contract
from konfliktrad_shared.outbox import OutgoingEvent
from vetting.domain import events


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


@translate.register
def _(event: events.MediatorAppointed) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.VETTING_EVENTS,
            contract.MediatorAppointed(
                mediator_id=event.mediator_id,
                office=event.office,
                municipality=event.municipality,
                term_starts=event.term_starts,
                term_ends=event.term_ends,
                appointed_at=event.appointed_at,
            ),
        ),
    )
