"""Domain events → integration events, and which topics they go to."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts import youth_plan as contract
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.outbox import OutgoingEvent
from youth_plan.domain import events
from youth_plan.domain.commands import YouthReaction


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


@translate.register
def _(event: events.YouthCaseOpened) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.YOUTH_PLAN_EVENTS,
            contract.YouthCaseOpened(
                case_id=event.case_id,
                office=event.office,
                reaction=Reaction(event.reaction.value),
                opened_at=event.opened_at,
            ),
        ),
    )


@translate.register
def _(event: events.YouthPlanApproved) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.YOUTH_PLAN_EVENTS,
            contract.YouthPlanApproved(
                case_id=event.case_id,
                approved_at=event.approved_at,
                execution_ends=event.execution_ends,
            ),
        ),
    )


@translate.register
def _(event: events.BreachRecorded) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.YOUTH_PLAN_EVENTS,
            contract.BreachRecorded(
                case_id=event.case_id,
                breach_number=event.breach_number,
                recorded_at=event.recorded_at,
            ),
        ),
    )


@translate.register
def _(event: events.BreachEscalated) -> Sequence[OutgoingEvent]:
    """A youth sentence goes to the correctional service (§31), youth follow-up to the
    prosecution (§33); the suite's own topic carries it too, for notification."""
    if event.reaction is YouthReaction.YOUTH_SENTENCE:
        route, agency_topic = contract.EscalationRoute.CORRECTIONAL_SERVICE, topics.CORRECTIONAL
    else:
        route, agency_topic = contract.EscalationRoute.PROSECUTION, topics.PROSECUTION
    escalated = contract.BreachEscalated(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        route=route,
        legal_basis=event.legal_basis,
        breaches=event.breaches,
        escalated_at=event.escalated_at,
    )
    return (
        OutgoingEvent(agency_topic, escalated),
        OutgoingEvent(topics.YOUTH_PLAN_EVENTS, escalated),
    )
