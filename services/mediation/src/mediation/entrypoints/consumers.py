"""Kafka → commands. No rules here: a message becomes a command, or is not for this service."""

from __future__ import annotations

import logging

from konfliktrad_shared.contracts import referral, topics, vetting
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import Route, TopicConsumer, subscribe
from konfliktrad_shared.runtime import Runtime
from mediation.domain.commands import AddMediatorToRoster, MediationReaction, OpenMediationCase
from mediation.domain.errors import RuleViolation

log = logging.getLogger(__name__)

CONSUMES = (topics.VETTING_EVENTS, topics.REFERRAL_EVENTS)
PRODUCES = (topics.MEDIATION_EVENTS,)
# Follow-up in the office (§36) is youth_plan's: its plan and §33 breach ladder live there.
MEDIATION_REACTIONS = {Reaction.MEDIATION}


def register(runtime: Runtime, bus: MessageBus) -> tuple[TopicConsumer, ...]:
    async def on_mediator_appointed(event: vetting.MediatorAppointed, delivery: Delivery) -> None:
        command = AddMediatorToRoster(event.mediator_id, event.office, event.term_ends)
        try:
            await bus.handle(command, delivery)
        except RuleViolation as refusal:
            # Redelivery cannot change the outcome, so the message is acknowledged, not retried.
            log.warning(
                "mediator %s not added to the roster: %s: %s",
                event.mediator_id,
                refusal.legal_basis,
                refusal.reason,
            )

    async def on_referral_registered(
        event: referral.ReferralRegistered, delivery: Delivery
    ) -> None:
        if event.reaction not in MEDIATION_REACTIONS:
            return
        command = OpenMediationCase(
            case_id=event.case_id,
            office=event.office,
            reaction=MediationReaction(event.reaction.value),
        )
        await bus.handle(command, delivery)

    appointments = TopicConsumer(
        broker=runtime.broker,
        topic=topics.VETTING_EVENTS,
        consumer_name="mediation",
        routes={
            vetting.MediatorAppointed.event_type: Route(
                vetting.MediatorAppointed, on_mediator_appointed
            )
        },
    )
    registrations = TopicConsumer(
        broker=runtime.broker,
        topic=topics.REFERRAL_EVENTS,
        consumer_name="mediation",
        routes={
            referral.ReferralRegistered.event_type: Route(
                referral.ReferralRegistered, on_referral_registered
            )
        },
        ignored_types=frozenset({referral.ReferralRejected.event_type}),
    )
    for consumer in (appointments, registrations):
        subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.update(CONSUMES + PRODUCES)
    return appointments, registrations
