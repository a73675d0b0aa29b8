"""Domain events → integration events. Nothing personal leaves: the case id will do (§9)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contracts import referral as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.outbox import OutgoingEvent
from referral.domain import events


@singledispatch
def translate(event: Any) -> Sequence[OutgoingEvent]:
    return ()


@translate.register
def _(event: events.ReferralRegistered) -> Sequence[OutgoingEvent]:
    registered = contract.ReferralRegistered(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        decision_basis=DecisionBasis(event.decision_basis.value),
        offence_date=event.offence_date,
        execution_months=event.execution_months,
        offender_is_minor=event.offender_is_minor,
        guardian_contacts=list(event.guardian_emails),
        registered_at=event.registered_at,
        decided_by=DecisionMaker(event.decided_by.value),
        execution_ends_on=event.execution_ends_on,
        no_new_crimes_condition=event.no_new_crimes_condition,
        compensation_condition=event.compensation_condition,
        temporary_guardian_needed=event.temporary_guardian_needed,
    )
    return (OutgoingEvent(topics.REFERRAL_EVENTS, registered),)


@translate.register
def _(event: events.ReferralRejected) -> Sequence[OutgoingEvent]:
    """The prosecution learns of a case returned to it, with the provision and reasons (§8)."""
    rejected = contract.ReferralRejected(
        sender_reference=event.sender_reference,
        office=event.office,
        legal_basis=event.legal_basis,
        reason=event.reason,
        rejected_at=event.rejected_at,
    )
    return (
        OutgoingEvent(topics.PROSECUTION, rejected),
        OutgoingEvent(topics.REFERRAL_EVENTS, rejected),
    )
