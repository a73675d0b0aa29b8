from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class IntegrationEvent(BaseModel):
    """A fact published for other parties. Consumers ignore fields they do not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]

    def subject(self) -> str:
        """The aggregate the event is about: the Kafka key and `ce_subject`."""
        raise NotImplementedError


def contract_table(*events: type[IntegrationEvent]) -> dict[str, type[IntegrationEvent]]:
    return {event.event_type: event for event in events}
