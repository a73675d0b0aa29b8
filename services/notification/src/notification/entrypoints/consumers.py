"""Kafka → commands for the notification service proper (people, not agencies)."""

from __future__ import annotations

from konfliktrad_shared.contracts import referral, topics, youth_plan
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import Route, TopicConsumer, subscribe
from konfliktrad_shared.runtime import Runtime
from notification.domain import commands

CONSUMES = (topics.REFERRAL_EVENTS, topics.YOUTH_PLAN_EVENTS)
PRODUCES = (topics.NOTIFICATION_EVENTS,)
AGENCY_OF_ROUTE = {
    youth_plan.EscalationRoute.PROSECUTION: commands.Agency.PROSECUTION,
    youth_plan.EscalationRoute.CORRECTIONAL_SERVICE: commands.Agency.CORRECTIONAL_SERVICE,
}


def register(runtime: Runtime, bus: MessageBus) -> None:
    async def on_referral_registered(
        event: referral.ReferralRegistered, delivery: Delivery
    ) -> None:
        emails = tuple(str(email) for email in event.guardian_contacts)
        await bus.handle(
            commands.RememberCaseContacts(event.case_id, event.office, emails), delivery
        )

    async def on_breach_escalated(event: youth_plan.BreachEscalated, delivery: Delivery) -> None:
        command = commands.NotifyGuardiansOfTransfer(
            case_id=event.case_id,
            transferred_to=AGENCY_OF_ROUTE[event.route],
            escalated_at=event.escalated_at,
        )
        await bus.handle(command, delivery)

    referral_events = TopicConsumer(
        broker=runtime.broker,
        topic=topics.REFERRAL_EVENTS,
        consumer_name="notification",
        routes={
            referral.ReferralRegistered.event_type: Route(
                referral.ReferralRegistered, on_referral_registered
            )
        },
        ignored_types=frozenset({referral.ReferralRejected.event_type}),
    )
    youth_plan_events = TopicConsumer(
        broker=runtime.broker,
        topic=topics.YOUTH_PLAN_EVENTS,
        consumer_name="notification",
        routes={
            youth_plan.BreachEscalated.event_type: Route(
                youth_plan.BreachEscalated, on_breach_escalated
            )
        },
        ignored_types=frozenset(
            event.event_type
            for event in youth_plan.PUBLISHED
            if event is not youth_plan.BreachEscalated
        ),
    )
    for consumer in (referral_events, youth_plan_events):
        subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.update(CONSUMES + PRODUCES)
