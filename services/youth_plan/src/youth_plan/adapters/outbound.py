"""Domain events → integration events, and which topics they go to.

An agency hears of a step only where it must act on it (§9): the transfer, an interruption, a
new crime and the completion, keyed by case id and carrying the provision. Notification hears
of the meetings it must invite people to. Measures, attendance, conditions, controls and what
was said stay inside the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import youth_plan as contract
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.outbox import OutgoingEvent
from youth_plan.domain import events
from youth_plan.domain.commands import InterruptionGrounds, YouthReaction


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


def agency_topic(reaction: YouthReaction) -> str:
    """A youth sentence is the correctional service's (§31); the others the prosecution's."""
    return topics.CORRECTIONAL if reaction is YouthReaction.YOUTH_SENTENCE else topics.PROSECUTION


def _parties(stored: Sequence[dict[str, Any]]) -> list[PartyRef]:
    return [PartyRef.model_validate(party) for party in stored]


@translate.register
def _(event: events.YouthCaseOpened) -> Sequence[OutgoingEvent]:
    opened = contract.YouthCaseOpened(
        case_id=event.case_id,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        opened_at=event.opened_at,
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, opened),)


@translate.register
def _(event: events.ConferenceScheduled) -> Sequence[OutgoingEvent]:
    scheduled = contract.ConferenceScheduled(
        case_id=event.case_id,
        conference_id=event.conference_id,
        office=event.office,
        starts_at=event.starts_at,
        participants=_parties(event.participants),
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, scheduled),)


@translate.register
def _(event: events.YouthPlanApproved) -> Sequence[OutgoingEvent]:
    approved = contract.YouthPlanApproved(
        case_id=event.case_id, approved_at=event.approved_at, execution_ends=event.execution_ends
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, approved),)


@translate.register
def _(event: events.PlanNotAgreed) -> Sequence[OutgoingEvent]:
    returned = contract.PlanNotAgreed(
        case_id=event.case_id,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        returned_to=event.returned_to,
        legal_basis=event.legal_basis,
        recorded_at=event.recorded_at,
    )
    # The court has no topic in the suite: a return to the court is on the suite's own topic
    # for the office's clerks; a return to the prosecution reaches the prosecution too.
    if event.returned_to == "prosecution":
        return (
            OutgoingEvent(topics.PROSECUTION, returned),
            OutgoingEvent(topics.YOUTH_PLAN_EVENTS, returned),
        )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, returned),)


@translate.register
def _(event: events.BreachRecorded) -> Sequence[OutgoingEvent]:
    recorded = contract.BreachRecorded(
        case_id=event.case_id, breach_number=event.breach_number, recorded_at=event.recorded_at
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, recorded),)


@translate.register
def _(event: events.BreachConversationScheduled) -> Sequence[OutgoingEvent]:
    summoned = contract.BreachConversationScheduled(
        case_id=event.case_id,
        office=event.office,
        starts_at=event.starts_at,
        legal_basis=event.legal_basis,
        participants=_parties(event.participants),
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, summoned),)


@translate.register
def _(event: events.BreachEscalated) -> Sequence[OutgoingEvent]:
    """A youth sentence goes to the correctional service (§31), youth follow-up and follow-up
    in the office to the prosecution (§33); the suite's own topic carries it too, for
    notification."""
    youth_sentence = event.reaction is YouthReaction.YOUTH_SENTENCE
    escalated = contract.BreachEscalated(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        route=contract.EscalationRoute.CORRECTIONAL_SERVICE
        if youth_sentence
        else contract.EscalationRoute.PROSECUTION,
        legal_basis=event.legal_basis,
        breaches=event.breaches,
        escalated_at=event.escalated_at,
        consequence=event.consequence,
    )
    return (
        OutgoingEvent(agency_topic(event.reaction), escalated),
        OutgoingEvent(topics.YOUTH_PLAN_EVENTS, escalated),
    )


@translate.register
def _(event: events.ExecutionInterrupted) -> Sequence[OutgoingEvent]:
    interrupted = contract.ExecutionInterrupted(
        case_id=event.case_id,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        grounds=event.grounds,
        legal_basis=event.legal_basis,
        interrupted_on=event.interrupted_on,
    )
    by_prosecution = event.grounds in (
        InterruptionGrounds.PROSECUTION_RESUMED,
        InterruptionGrounds.PROSECUTION_AFTER_CHARGE,
    )
    topic = topics.PROSECUTION if by_prosecution else agency_topic(event.reaction)
    return (OutgoingEvent(topic, interrupted), OutgoingEvent(topics.YOUTH_PLAN_EVENTS, interrupted))


@translate.register
def _(event: events.NewCrimeReported) -> Sequence[OutgoingEvent]:
    reported = contract.NewCrimeReported(
        case_id=event.case_id,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        stage=event.stage,
        legal_basis=event.legal_basis,
        coordinator_requests_court=event.coordinator_requests_court,
        reported_on=event.reported_on,
    )
    return (OutgoingEvent(topics.PROSECUTION, reported),)


@translate.register
def _(event: events.ExecutionCompleted) -> Sequence[OutgoingEvent]:
    completed = contract.ExecutionCompleted(
        case_id=event.case_id,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        completed_on=event.completed_on,
        police_record_until=event.police_record_until,
    )
    return (OutgoingEvent(topics.PROSECUTION, completed),)
