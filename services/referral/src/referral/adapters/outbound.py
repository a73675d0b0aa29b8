"""Domain events → integration events. Nothing personal leaves in the clear: the case id and
party roles will do, with contact details sealed for notification alone (§9)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import singledispatch
from typing import Any

from konfliktrad_shared.business_metrics import business_metrics
from konfliktrad_shared.contact_seal import ContactDetails, ContactSeal
from konfliktrad_shared.contracts import referral as contract
from konfliktrad_shared.contracts import topics
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
    business_metrics().referrals.labels("registered").inc()
    registered = contract.ReferralRegistered.from_domain(
        event, parties=[_sealed(party, event.case_id, seal) for party in event.parties]
    )
    return (OutgoingEvent(topics.REFERRAL_EVENTS, registered),)


def _sealed(party: Party, case_id: str, seal: ContactSeal) -> PartyRef:
    contact = ContactDetails(
        name=party.name,
        national_id=party.national_id,
        email=party.email,
        postal_address=party.postal_address,
        address_protection=party.address_protection,
    )
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
    business_metrics().referrals.labels("rejected").inc()
    rejected = contract.ReferralRejected.from_domain(event)
    to_prosecution = (OutgoingEvent(topics.PROSECUTION, rejected),) if event.criminal else ()
    return (*to_prosecution, OutgoingEvent(topics.REFERRAL_EVENTS, rejected))


@translate.register
def _(event: events.ReferralCorrected, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    corrected = contract.ReferralCorrected.from_domain(event)
    return (OutgoingEvent(topics.REFERRAL_EVENTS, corrected),)


@translate.register
def _(event: events.ReferralPostponed, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    """The prosecution is told when the case is expected to be handled (§20 first para)."""
    postponed = contract.ReferralPostponed.from_domain(event)
    return (
        OutgoingEvent(topics.PROSECUTION, postponed),
        OutgoingEvent(topics.REFERRAL_EVENTS, postponed),
    )


@translate.register
def _(event: events.CaseMoved, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    moved = contract.CaseMoved.from_domain(event)
    return (OutgoingEvent(topics.REFERRAL_EVENTS, moved),)


@translate.register
def _(event: events.ReferralWithdrawn, seal: ContactSeal) -> Sequence[OutgoingEvent]:
    withdrawn = contract.ReferralWithdrawn.from_domain(event)
    return (OutgoingEvent(topics.REFERRAL_EVENTS, withdrawn),)
