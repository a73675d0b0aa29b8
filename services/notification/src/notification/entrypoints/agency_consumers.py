"""Kafka → commands for an agency adapter: each event on the agency's topic is forwarded."""

from __future__ import annotations

from konfliktrad_shared.contracts import referral, topics, youth_plan
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
CONTRACTS_ON_TOPIC = {
    topics.PROSECUTION: contract_table(referral.ReferralRejected, youth_plan.BreachEscalated),
    topics.CORRECTIONAL: contract_table(youth_plan.BreachEscalated),
}


def register(runtime: Runtime, bus: MessageBus, agency: Agency) -> None:
    topic = TOPIC_OF_AGENCY[agency]

    async def forward(event: IntegrationEvent, delivery: Delivery) -> None:
        envelope = delivery.envelope
        assert envelope is not None, "TopicConsumer always passes the envelope"
        command = ForwardToAgency(
            agency=agency,
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            subject=envelope.subject or event.subject(),
            data=event.model_dump(mode="json"),
        )
        await bus.handle(command, delivery)

    consumer = TopicConsumer(
        broker=runtime.broker,
        topic=topic,
        consumer_name=runtime.settings.service_name,
        routes={
            event_type: Route(contract, forward)
            for event_type, contract in CONTRACTS_ON_TOPIC[topic].items()
        },
    )
    subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.add(topic)
