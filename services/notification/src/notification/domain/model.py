"""Deliveries to the agencies: an event on its way to an agency's inbox, as it came."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from notification.domain.commands import ForwardToAgency
from notification.domain.events import AgencyDeliveryQueued
from notification.domain.vocabulary import Agency


@dataclass
class AgencyDelivery:
    """Keeps the event's own id, so the agency can discard a redelivery (idempotency key)."""

    event_id: str
    agency: Agency
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def queue(cls, cmd: ForwardToAgency) -> AgencyDelivery:
        delivery = cls(event_id=cmd.event_id, agency=cmd.agency)
        delivery.events.append(
            AgencyDeliveryQueued(
                agency=cmd.agency,
                event_id=cmd.event_id,
                event_type=cmd.event_type,
                source=cmd.source,
                time=cmd.time,
                subject=cmd.subject,
                data=cmd.data,
            )
        )
        return delivery
