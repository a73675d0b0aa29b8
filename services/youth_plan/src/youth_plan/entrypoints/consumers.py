"""Kafka → commands. No rules here: a message becomes a command, or is not for this service."""

from __future__ import annotations

from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import Route, TopicConsumer, subscribe
from konfliktrad_shared.runtime import Runtime
from youth_plan.domain.commands import CorrectExecutionPeriod, OpenYouthCase
from youth_plan.domain.vocabulary import YouthReaction

CONSUMES = (topics.REFERRAL_EVENTS,)
PRODUCES = (topics.YOUTH_PLAN_EVENTS, topics.PROSECUTION, topics.CORRECTIONAL)
# Youth follow-up and youth sentence (§§22-33), and follow-up in the office (§36).
YOUTH_REACTIONS = {Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE, Reaction.FOLLOW_UP}


def register(runtime: Runtime, bus: MessageBus) -> TopicConsumer:
    async def on_referral_registered(
        event: referral.ReferralRegistered, delivery: Delivery
    ) -> None:
        if event.reaction not in YOUTH_REACTIONS:
            return
        command = OpenYouthCase(
            case_id=event.case_id,
            sender_reference=event.sender_reference,
            office=event.office,
            reaction=YouthReaction(event.reaction.value),
            execution_months=event.execution_months or 0,  # absent: refused under §23
            decision_basis=event.decision_basis.value,
            offender_is_minor=event.offender_is_minor,
            # Passed on unchanged in ConferenceScheduled / BreachConversationScheduled, so
            # notification alone can open the sealed contacts (§9).
            parties=[party.model_dump(mode="json") for party in event.parties],
            offender_of_age_on=event.offender_of_age_on,
        )
        await bus.handle(command, delivery)

    async def on_referral_corrected(event: referral.ReferralCorrected, delivery: Delivery) -> None:
        # Every correction goes to the case; one this service does not run is skipped there.
        command = CorrectExecutionPeriod(
            case_id=event.case_id,
            execution_months=event.execution_months,
            corrected_at=event.corrected_at,
        )
        await bus.handle(command, delivery)

    consumer = TopicConsumer(
        broker=runtime.broker,
        topic=topics.REFERRAL_EVENTS,
        consumer_name="youth_plan",
        routes={
            referral.ReferralRegistered.event_type: Route(
                referral.ReferralRegistered, on_referral_registered
            ),
            referral.ReferralCorrected.event_type: Route(
                referral.ReferralCorrected, on_referral_corrected
            ),
        },
        ignored_types=frozenset({referral.ReferralRejected.event_type}),
    )
    subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.update(CONSUMES + PRODUCES)
    return consumer
