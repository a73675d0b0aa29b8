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

from konfliktrad_shared.assembly import Consumed
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
from notification.domain.commands import ForwardToAgency
from notification.domain.vocabulary import Agency

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


def consumed(agency: Agency) -> tuple[Consumed, ...]:
    def forward(event: IntegrationEvent, delivery: Delivery) -> ForwardToAgency:
        envelope = delivery.envelope
        assert envelope is not None, "TopicConsumer always passes the envelope"
        data: dict[str, Any] = event.model_dump(mode="json")
        return ForwardToAgency(
            agency=agency,
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            subject=envelope.subject or event.subject(),
            data=data,
        )

    translators = {forwardable(contract): forward for contract in suite_contracts().values()}
    return (Consumed(topic=TOPIC_OF_AGENCY[agency], translators=translators),)
