"""Domain events → integration events, and which topics they go to.

Criminal outcomes go to the prosecution (§§20–21) — a community sentence's to the correctional
service, for which the office runs it (straffegjennomføringsloven §53 first para (c)) — and
contact terms involving a convicted person to the correctional service; everything for the
parties goes to `mediation.events.v1`, where notification reaches them. Nothing here carries
what was said in a meeting (§9), nor the case's documents: a report points to where the
recipient fetches them (`documents`, §20 second para).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import mediation as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.outbox import OutgoingEvent
from mediation.domain import events
from mediation.domain.reporting import Recipient

DOCUMENTS_PATH = "/cases/{case_id}/documents"  # GET, with the recipient agency's token
TOPIC_OF = {
    Recipient.PROSECUTION: topics.PROSECUTION,
    Recipient.CORRECTIONAL_SERVICE: topics.CORRECTIONAL,
}


def documents(case_id: str) -> str:
    return DOCUMENTS_PATH.format(case_id=case_id)


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


@translate.register
def _(event: events.MediatorAddedToRoster) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.MEDIATION_EVENTS,
            contract.MediatorAvailable.from_domain(event),
        ),
    )


@translate.register
def _(event: events.MeetingScheduled) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.MEDIATION_EVENTS,
            contract.MeetingScheduled.from_domain(event),
        ),
    )


@translate.register
def _(event: events.AgreementApproved) -> Sequence[OutgoingEvent]:
    approved = OutgoingEvent(
        topics.MEDIATION_EVENTS,
        contract.AgreementApproved.from_domain(event, prosecution_case=event.criminal),
    )
    if not (event.involves_convicted_person and event.contact_terms):
        return (approved,)
    contact_terms = contract.ContactTermsAgreed.from_domain(
        event, terms=[term.value for term in event.contact_terms]
    )
    return (approved, OutgoingEvent(topics.CORRECTIONAL, contact_terms))


@translate.register
def _(event: events.MeetingEnded) -> Sequence[OutgoingEvent]:
    if not event.criminal:
        return ()
    return (
        OutgoingEvent(
            TOPIC_OF[event.recipient],
            contract.MeetingOutcomeReported.from_domain(
                event,
                not_held_because=event.not_held_because.value if event.not_held_because else None,
                case_returned=event.outcome.case_returned,
                prosecution_may_reopen=event.outcome.prosecution_may_reopen,
                legal_basis=event.outcome.legal_basis,
                reported_at=event.ended_at,
                documents=documents(event.case_id),
            ),
        ),
    )


@translate.register
def _(event: events.AgreementWithdrawn) -> Sequence[OutgoingEvent]:
    returned = event.criminal and event.outcome.case_returned
    withdrawn = contract.AgreementWithdrawn.from_domain(
        event,
        case_returned=returned,
        legal_basis="konfliktrådsloven §18 first para"
        if event.criminal
        else "konfliktrådsloven §18 second para",
        documents=documents(event.case_id) if returned else None,
    )
    topic = TOPIC_OF[event.recipient] if event.criminal else topics.MEDIATION_EVENTS
    return (OutgoingEvent(topic, withdrawn),)


@translate.register
def _(event: events.WithdrawalPeriodEnded) -> Sequence[OutgoingEvent]:
    ended = contract.WithdrawalPeriodEnded.from_domain(event)
    return (OutgoingEvent(topics.MEDIATION_EVENTS, ended),)


@translate.register
def _(event: events.AgreementFulfilled) -> Sequence[OutgoingEvent]:
    if not event.criminal:
        return ()
    confirmed = contract.AgreementFulfilmentConfirmed.from_domain(event)
    return (OutgoingEvent(TOPIC_OF[event.recipient], confirmed),)


@translate.register
def _(event: events.AgreementBreached) -> Sequence[OutgoingEvent]:
    if event.criminal:
        breach = contract.AgreementBreachReported.from_domain(event)
        return (OutgoingEvent(TOPIC_OF[event.recipient], breach),)
    offer = contract.NewMediationOffered.from_domain(event)
    return (OutgoingEvent(topics.MEDIATION_EVENTS, offer),)


@translate.register
def _(event: events.PerformanceFallsDue) -> Sequence[OutgoingEvent]:
    due = contract.PerformanceDue.from_domain(event)
    return (OutgoingEvent(topics.MEDIATION_EVENTS, due),)
