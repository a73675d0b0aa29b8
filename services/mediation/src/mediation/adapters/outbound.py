"""Domain events → integration events, and which topics they go to.

Criminal outcomes go to the prosecution (§§20–21), contact terms involving a convicted person
to the correctional service; everything for the parties goes to `mediation.events.v1`, where
notification reaches them. Nothing here carries what was said in a meeting (§9).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import mediation as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.outbox import OutgoingEvent
from mediation.domain import events


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()  # internal events stay inside the service


@translate.register
def _(event: events.MediatorAddedToRoster) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.MEDIATION_EVENTS,
            contract.MediatorAvailable(
                mediator_id=event.mediator_id,
                office=event.office,
                available_from=event.available_from,
            ),
        ),
    )


@translate.register
def _(event: events.MeetingScheduled) -> Sequence[OutgoingEvent]:
    return (
        OutgoingEvent(
            topics.MEDIATION_EVENTS,
            contract.MeetingScheduled(
                case_id=event.case_id,
                meeting_id=event.meeting_id,
                office=event.office,
                starts_at=event.starts_at,
                kind=event.kind.value,
                indirect=event.indirect,
                participants=list(event.participants),
            ),
        ),
    )


@translate.register
def _(event: events.AgreementApproved) -> Sequence[OutgoingEvent]:
    approved = OutgoingEvent(
        topics.MEDIATION_EVENTS,
        contract.AgreementApproved(
            case_id=event.case_id,
            agreement_id=event.agreement_id,
            office=event.office,
            approved_at=event.approved_at,
            prosecution_case=event.criminal,
            withdrawal_ends_at=event.withdrawal_ends_at,
            parties=list(event.parties),
        ),
    )
    if not (event.involves_convicted_person and event.contact_terms):
        return (approved,)
    contact_terms = contract.ContactTermsAgreed(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        office=event.office,
        terms=[term.value for term in event.contact_terms],
        approved_at=event.approved_at,
        parties=list(event.parties),
    )
    return (approved, OutgoingEvent(topics.CORRECTIONAL, contact_terms))


@translate.register
def _(event: events.MeetingEnded) -> Sequence[OutgoingEvent]:
    if not event.criminal:
        return ()
    return (
        OutgoingEvent(
            topics.PROSECUTION,
            contract.MeetingOutcomeReported(
                case_id=event.case_id,
                meeting_id=event.meeting_id,
                office=event.office,
                decision_basis=event.decision_basis.value,
                held=event.held,
                not_held_because=event.not_held_because.value if event.not_held_because else None,
                agreement_reached=event.agreement_reached,
                approved_agreement_id=event.approved_agreement_id,
                police_record_ends_on=event.police_record_ends_on,
                case_returned=event.outcome.case_returned,
                prosecution_may_reopen=event.outcome.prosecution_may_reopen,
                legal_basis=event.outcome.legal_basis,
                reported_at=event.ended_at,
            ),
        ),
    )


@translate.register
def _(event: events.AgreementWithdrawn) -> Sequence[OutgoingEvent]:
    withdrawn = contract.AgreementWithdrawn(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        office=event.office,
        withdrawn_by=event.withdrawn_by,
        withdrawn_at=event.withdrawn_at,
        case_returned=event.criminal and event.outcome.case_returned,
        legal_basis=f"konfliktrådsloven §18 {'first' if event.criminal else 'second'} para",
    )
    topic = topics.PROSECUTION if event.criminal else topics.MEDIATION_EVENTS
    return (OutgoingEvent(topic, withdrawn),)


@translate.register
def _(event: events.WithdrawalPeriodEnded) -> Sequence[OutgoingEvent]:
    ended = contract.WithdrawalPeriodEnded(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        office=event.office,
        ended_at=event.ended_at,
    )
    return (OutgoingEvent(topics.MEDIATION_EVENTS, ended),)


@translate.register
def _(event: events.AgreementFulfilled) -> Sequence[OutgoingEvent]:
    if not event.criminal:
        return ()
    confirmed = contract.AgreementFulfilmentConfirmed(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        office=event.office,
        fulfilled_at=event.fulfilled_at,
    )
    return (OutgoingEvent(topics.PROSECUTION, confirmed),)


@translate.register
def _(event: events.AgreementBreached) -> Sequence[OutgoingEvent]:
    if event.criminal:
        breach = contract.AgreementBreachReported(
            case_id=event.case_id,
            agreement_id=event.agreement_id,
            office=event.office,
            reported_at=event.reported_at,
            legal_basis=event.legal_basis,
        )
        return (OutgoingEvent(topics.PROSECUTION, breach),)
    offer = contract.NewMediationOffered(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        office=event.office,
        parties=list(event.parties),
    )
    return (OutgoingEvent(topics.MEDIATION_EVENTS, offer),)


@translate.register
def _(event: events.PerformanceFallsDue) -> Sequence[OutgoingEvent]:
    due = contract.PerformanceDue(
        case_id=event.case_id,
        agreement_id=event.agreement_id,
        due_on=event.due_on,
        parties=list(event.parties),
        office=event.office,
    )
    return (OutgoingEvent(topics.MEDIATION_EVENTS, due),)
