"""Kafka → commands for an agency adapter: EVERY event on the agency's topic is forwarded.

The adapter does not pick event types: producers add new ones (a mediation or youth_plan
decision the agency must hear of) without the adapter changing. Whatever JSON object
arrives under a valid envelope goes to the agency as it came; only poison (no envelope, not
a JSON object) goes to the dead-letter topic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import ConfigDict

from konfliktrad_shared.contracts import mediation, referral, topics, youth_plan
from konfliktrad_shared.contracts.base import IntegrationEvent, contract_table
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import Route, TopicConsumer, subscribe
from konfliktrad_shared.runtime import Runtime
from notification.domain.commands import Agency, ForwardToAgency

TOPIC_OF_AGENCY = {
    Agency.PROSECUTION: topics.PROSECUTION,
    Agency.CORRECTIONAL_SERVICE: topics.CORRECTIONAL,
}


# The contracts known today on each topic, for the AsyncAPI description only: the adapter
# forwards any type, including ones added after it was built. A producer may declare its own
# (`TO_PROSECUTION` / `TO_CORRECTIONAL` in its contract module); the rest are listed here.
def _declared(name: str) -> tuple[type[IntegrationEvent], ...]:
    return tuple(
        c for module in (referral, mediation, youth_plan) for c in getattr(module, name, ())
    )


CONTRACTS_ON_TOPIC = {
    topics.PROSECUTION: contract_table(
        referral.ReferralRejected,
        referral.ReferralPostponed,
        youth_plan.BreachEscalated,
        youth_plan.PlanNotAgreed,
        youth_plan.ExecutionInterrupted,
        youth_plan.NewCrimeReported,
        youth_plan.ExecutionCompleted,
        *_declared("TO_PROSECUTION"),
    ),
    topics.CORRECTIONAL: contract_table(
        youth_plan.BreachEscalated, youth_plan.ExecutionInterrupted, *_declared("TO_CORRECTIONAL")
    ),
}


class AnyEvent(IntegrationEvent):
    """Any JSON object: the adapter passes the event on without interpreting it."""

    model_config = ConfigDict(extra="allow", frozen=True)
    event_type = "*"

    def subject(self) -> str:
        return ""


class EveryType(Mapping[str, Route]):
    """A route table that answers every `ce_type` with the one forwarding route."""

    def __init__(self, route: Route, known: Iterable[str]) -> None:
        self._route = route
        self._known = tuple(known)

    def __getitem__(self, event_type: str) -> Route:
        return self._route

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)

    def __contains__(self, event_type: object) -> bool:
        return isinstance(event_type, str)


def register(runtime: Runtime, bus: MessageBus, agency: Agency) -> None:
    topic = TOPIC_OF_AGENCY[agency]

    async def forward(event: AnyEvent, delivery: Delivery) -> None:
        envelope = delivery.envelope
        assert envelope is not None, "TopicConsumer always passes the envelope"
        data: dict[str, Any] = event.model_dump(mode="json")
        command = ForwardToAgency(
            agency=agency,
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            subject=envelope.subject or envelope.id,
            data=data,
        )
        await bus.handle(command, delivery)

    consumer = TopicConsumer(
        broker=runtime.broker,
        topic=topic,
        consumer_name=runtime.settings.service_name,
        routes=EveryType(Route(AnyEvent, forward), CONTRACTS_ON_TOPIC[topic]),
    )
    subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.add(topic)
