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
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.outbox import OutgoingEvent
from youth_plan.domain import events
from youth_plan.domain.vocabulary import InterruptionGrounds, YouthReaction


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
    opened = contract.YouthCaseOpened.from_domain(event)
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, opened),)


@translate.register
def _(event: events.ConferenceScheduled) -> Sequence[OutgoingEvent]:
    scheduled = contract.ConferenceScheduled.from_domain(
        event, participants=_parties(event.participants)
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, scheduled),)


@translate.register
def _(event: events.YouthPlanApproved) -> Sequence[OutgoingEvent]:
    approved = contract.YouthPlanApproved.from_domain(event)
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, approved),)


@translate.register
def _(event: events.PlanNotAgreed) -> Sequence[OutgoingEvent]:
    returned = contract.PlanNotAgreed.from_domain(event)
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
    recorded = contract.BreachRecorded.from_domain(event)
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, recorded),)


@translate.register
def _(event: events.BreachConversationScheduled) -> Sequence[OutgoingEvent]:
    summoned = contract.BreachConversationScheduled.from_domain(
        event, participants=_parties(event.participants)
    )
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, summoned),)


@translate.register
def _(event: events.BreachEscalated) -> Sequence[OutgoingEvent]:
    """A youth sentence goes to the correctional service (§31), youth follow-up and follow-up
    in the office to the prosecution (§33); the suite's own topic carries it too, for
    notification."""
    youth_sentence = event.reaction is YouthReaction.YOUTH_SENTENCE
    escalated = contract.BreachEscalated.from_domain(
        event,
        route=contract.EscalationRoute.CORRECTIONAL_SERVICE
        if youth_sentence
        else contract.EscalationRoute.PROSECUTION,
    )
    return (
        OutgoingEvent(agency_topic(event.reaction), escalated),
        OutgoingEvent(topics.YOUTH_PLAN_EVENTS, escalated),
    )


@translate.register
def _(event: events.ExecutionInterrupted) -> Sequence[OutgoingEvent]:
    interrupted = contract.ExecutionInterrupted.from_domain(event)
    by_prosecution = event.grounds in (
        InterruptionGrounds.PROSECUTION_RESUMED,
        InterruptionGrounds.PROSECUTION_AFTER_CHARGE,
    )
    topic = topics.PROSECUTION if by_prosecution else agency_topic(event.reaction)
    return (OutgoingEvent(topic, interrupted), OutgoingEvent(topics.YOUTH_PLAN_EVENTS, interrupted))


@translate.register
def _(event: events.NewCrimeReported) -> Sequence[OutgoingEvent]:
    reported = contract.NewCrimeReported.from_domain(event)
    return (OutgoingEvent(topics.PROSECUTION, reported),)


@translate.register
def _(event: events.ExecutionCompleted) -> Sequence[OutgoingEvent]:
    completed = contract.ExecutionCompleted.from_domain(event)
    return (OutgoingEvent(topics.PROSECUTION, completed),)


@translate.register
def _(event: events.ExecutionPeriodSet) -> Sequence[OutgoingEvent]:
    """The case's one end date, for every service that shows it (referral keeps a copy)."""
    period = contract.ExecutionPeriodSet.from_domain(event)
    return (OutgoingEvent(topics.YOUTH_PLAN_EVENTS, period),)


@translate.register
def _(event: events.PeriodCorrectionRefused) -> Sequence[OutgoingEvent]:
    """The refusal reaches the prosecution where it sent the case (its correction is
    answered); the court has no topic, so the office's own topic carries it as well."""
    refused = contract.PeriodCorrectionRefused.from_domain(event)
    own = OutgoingEvent(topics.YOUTH_PLAN_EVENTS, refused)
    if event.returned_to == "prosecution":
        return (OutgoingEvent(topics.PROSECUTION, refused), own)
    return (own,)
