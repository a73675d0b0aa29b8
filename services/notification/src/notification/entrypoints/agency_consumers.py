"""Kafka → commands for an agency adapter: every event type the suite publishes is
forwarded from the agency's topic, as it came.

The adapter keeps no list of types: the routes are built from every producer's contracts
(`PUBLISHED`), so an event type mediation or youth_plan adds tomorrow is forwarded as soon as
its contract exists. Each body is checked against its contract, with fields the contract does
not (yet) name kept, and goes to the agency unchanged. Poison goes to the topic's `.dlq`:
no valid envelope, a body that breaks its contract (`schema_violation`), or a type no
contract in the suite defines (`unknown_type`) — the agency never gets junk.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import ConfigDict

from konfliktrad_shared.consumer_retries import handler_retries
from konfliktrad_shared.contracts import (
    mediation,
    notification,
    referral,
    topics,
    vetting,
    youth_plan,
)
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
PRODUCERS = (referral, mediation, youth_plan, vetting, notification)


def _declared(name: str) -> tuple[type[IntegrationEvent], ...]:
    return tuple(c for module in PRODUCERS for c in getattr(module, name, ()))


# For the AsyncAPI description only (what is known to be sent to each topic today); the
# adapter forwards any contract of the suite. A producer may declare its own (`TO_PROSECUTION`
# / `TO_CORRECTIONAL` in its contract module); the rest are listed here.
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


@cache
def forwardable(contract: type[IntegrationEvent]) -> type[IntegrationEvent]:
    """The contract as a forwarder reads it: its fields checked, unknown fields kept."""
    config = ConfigDict(extra="allow", frozen=True)
    return type(f"Forwarded{contract.__name__}", (contract,), {"model_config": config})


def suite_contracts() -> dict[str, type[IntegrationEvent]]:
    return contract_table(*(event for module in PRODUCERS for event in module.PUBLISHED))


def register(runtime: Runtime, bus: MessageBus, agency: Agency) -> None:
    topic = TOPIC_OF_AGENCY[agency]

    async def forward(event: IntegrationEvent, delivery: Delivery) -> None:
        envelope = delivery.envelope
        assert envelope is not None, "TopicConsumer always passes the envelope"
        data: dict[str, Any] = event.model_dump(mode="json")
        command = ForwardToAgency(
            agency=agency,
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            subject=envelope.subject or event.subject(),
            data=data,
        )
        await bus.handle(command, delivery)

    consumer = TopicConsumer(
        broker=runtime.broker,
        topic=topic,
        consumer_name=runtime.settings.service_name,
        routes={
            event_type: Route(forwardable(contract), forward)
            for event_type, contract in suite_contracts().items()
        },
    )
    subscribe(
        runtime.broker,
        consumer,
        group_id=runtime.settings.consumer_group,
        retries=handler_retries(runtime.settings),
    )
    runtime.topics.add(topic)
