"""Kafka → commands. No rules here: a message becomes a command, or is not for this service."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from konfliktrad_shared.contracts import referral, topics, vetting
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import Route, TopicConsumer, subscribe
from konfliktrad_shared.runtime import Runtime
from mediation.domain.commands import (
    AddMediatorToRoster,
    EndMediatorTerm,
    MoveCase,
    OpenMediationCase,
    RenewMediatorTerm,
)
from mediation.domain.errors import RuleViolation
from mediation.domain.vocabulary import MediationReaction

log = logging.getLogger(__name__)

CONSUMES = (topics.VETTING_EVENTS, topics.REFERRAL_EVENTS)
PRODUCES = (topics.MEDIATION_EVENTS, topics.PROSECUTION, topics.CORRECTIONAL)
# Follow-up in the office (§36) is youth_plan's: its plan and §33 breach ladder live there.
MEDIATION_REACTIONS = {Reaction.MEDIATION}


def register(runtime: Runtime, bus: MessageBus) -> tuple[TopicConsumer, ...]:
    async def on_mediator_appointed(event: vetting.MediatorAppointed, delivery: Delivery) -> None:
        command = AddMediatorToRoster(
            event.mediator_id, event.office, event.term_ends, event.term_starts
        )
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

    async def on_term_renewed(event: vetting.MediatorTermRenewed, delivery: Delivery) -> None:
        command = RenewMediatorTerm(
            event.mediator_id, event.office, event.term_starts, event.term_ends
        )
        await bus.handle(command, delivery)

    async def on_term_expired(event: vetting.MediatorTermExpired, delivery: Delivery) -> None:
        await bus.handle(EndMediatorTerm(event.mediator_id, event.expired_on), delivery)

    async def on_revoked(event: vetting.MediatorRevoked, delivery: Delivery) -> None:
        command = EndMediatorTerm(event.mediator_id, event.effective_on, event.legal_basis)
        await bus.handle(command, delivery)

    async def on_referral_registered(
        event: referral.ReferralRegistered, delivery: Delivery
    ) -> None:
        if event.reaction not in MEDIATION_REACTIONS:
            return
        command = OpenMediationCase(
            case_id=event.case_id,
            office=event.office,
            reaction=MediationReaction(event.reaction.value),
            decision_basis=event.decision_basis,
            parties=tuple(event.parties),
        )
        await bus.handle(command, delivery)

    async def on_case_moved(event: referral.CaseMoved, delivery: Delivery) -> None:
        await bus.handle(MoveCase(event.case_id, event.to_office), delivery)

    def route(contract: Any, handler: Callable[[Any, Delivery], Awaitable[None]]) -> Any:
        return {contract.event_type: Route(contract, handler)}

    appointments = TopicConsumer(
        broker=runtime.broker,
        topic=topics.VETTING_EVENTS,
        consumer_name="mediation",
        routes={
            **route(vetting.MediatorAppointed, on_mediator_appointed),
            **route(vetting.MediatorTermRenewed, on_term_renewed),
            **route(vetting.MediatorTermExpired, on_term_expired),
            **route(vetting.MediatorRevoked, on_revoked),
        },
    )
    registrations = TopicConsumer(
        broker=runtime.broker,
        topic=topics.REFERRAL_EVENTS,
        consumer_name="mediation",
        routes={
            **route(referral.ReferralRegistered, on_referral_registered),
            **route(referral.CaseMoved, on_case_moved),
        },
        # Corrections, postponements and rejections change nothing mediation keeps.
        ignored_types=frozenset(event.event_type for event in referral.PUBLISHED)
        - {referral.ReferralRegistered.event_type, referral.CaseMoved.event_type},
    )
    for consumer in (appointments, registrations):
        subscribe(runtime.broker, consumer, group_id=runtime.settings.consumer_group)
    runtime.topics.update(CONSUMES + PRODUCES)
    return appointments, registrations
