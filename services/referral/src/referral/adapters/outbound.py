"""Domain events → integration events. Nothing personal leaves in the clear: the case id and
party roles will do, with contact details sealed for notification alone (§9)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.contact_seal import ContactDetails, ContactSeal
from konfliktrad_shared.contracts import referral as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.outbox import OutgoingEvent
from referral.domain import events
from referral.domain.parties import Party

Translate = Callable[[Any], Sequence[OutgoingEvent]]


def translator(seal: ContactSeal) -> Translate:
    """`translate` with the contact seal the registration event needs."""
    return lambda event: translate(event, seal)


@singledispatch
def translate(event: Any, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    return ()


@translate.register
def _(event: events.ReferralRegistered, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    registered = contract.ReferralRegistered(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        reaction=Reaction(event.reaction.value),
        decision_basis=DecisionBasis(event.decision_basis.value),
        offence_date=event.offence_date,
        execution_months=event.execution_months,
        offender_is_minor=event.offender_is_minor,
        registered_at=event.registered_at,
        decided_by=DecisionMaker(event.decided_by.value),
        execution_ends_on=event.execution_ends_on,
        no_new_crimes_condition=event.no_new_crimes_condition,
        compensation_condition=event.compensation_condition,
        temporary_guardian_needed=event.temporary_guardian_needed,
        parties=[_sealed(party, event.case_id, seal) for party in event.parties],
    )
    return (OutgoingEvent(topics.REFERRAL_EVENTS, registered),)


def _sealed(party: Party, case_id: str, seal: ContactSeal) -> PartyRef:
    contact = ContactDetails(name=party.name, national_id=party.national_id, email=party.email)
    return PartyRef(
        party_id=party.party_id,
        role=PartyRole(party.role.value),
        is_minor=party.is_minor,
        guardian_of=party.guardian_of,
        sealed_contact=seal.seal(contact, case_id=case_id, party_id=party.party_id),
    )


@translate.register
def _(event: events.ReferralRejected, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    """A criminal case goes back to the prosecution with the provision and reasons (§8)."""
    rejected = contract.ReferralRejected(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        legal_basis=event.legal_basis,
        reason=event.reason,
        rejected_at=event.rejected_at,
    )
    to_prosecution = (OutgoingEvent(topics.PROSECUTION, rejected),) if event.criminal else ()
    return (*to_prosecution, OutgoingEvent(topics.REFERRAL_EVENTS, rejected))


@translate.register
def _(event: events.ReferralCorrected, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    corrected = contract.ReferralCorrected(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        changed_fields=list(event.changed_fields),
        execution_months=event.execution_months,
        execution_ends_on=event.execution_ends_on,
        temporary_guardian_needed=event.temporary_guardian_needed,
        corrected_at=event.corrected_at,
    )
    return (OutgoingEvent(topics.REFERRAL_EVENTS, corrected),)


@translate.register
def _(event: events.ReferralPostponed, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    """The prosecution is told when the case is expected to be handled (§20 first para)."""
    postponed = contract.ReferralPostponed(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        expected_on=event.expected_on,
        legal_basis=event.legal_basis,
        postponed_at=event.postponed_at,
    )
    return (
        OutgoingEvent(topics.PROSECUTION, postponed),
        OutgoingEvent(topics.REFERRAL_EVENTS, postponed),
    )


@translate.register
def _(event: events.CaseMoved, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    moved = contract.CaseMoved(
        case_id=event.case_id,
        from_office=event.from_office,
        to_office=event.to_office,
        legal_basis=event.legal_basis,
        moved_at=event.moved_at,
    )
    return (OutgoingEvent(topics.REFERRAL_EVENTS, moved),)
