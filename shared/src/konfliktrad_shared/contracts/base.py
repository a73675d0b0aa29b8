from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict


class IntegrationEvent(BaseModel):
    """A fact published for other parties. Consumers ignore fields they do not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]

    def subject(self) -> str:
        """The aggregate the event is about: the Kafka key and `ce_subject`."""
        raise NotImplementedError

    @classmethod
    def from_domain(cls, event: object, **overrides: Any) -> Self:
        """The contract from a domain event whose fields carry the contract's names; a domain
        enum becomes the contract's by value. `overrides` give what the domain names or
        shapes differently. Validated, so a field the event lacks fails here, loudly."""
        fields = {name: getattr(event, name) for name in cls.model_fields if hasattr(event, name)}
        return cls.model_validate(fields | overrides)


def contract_table(*events: type[IntegrationEvent]) -> dict[str, type[IntegrationEvent]]:
    return {event.event_type: event for event in events}
