"""Kafka → commands for the notification service proper (people, not agencies).

Each event that calls for a notice becomes one `SendNotices`; the parties it names are opened
from their sealed contacts here, at the edge, so the domain never sees ciphertext.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from konfliktrad_shared.assembly import Consumed, Translator
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.contracts import mediation, referral, topics, youth_plan
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.inbox import Delivery
from notification.domain.commands import RecordOfficeMove, RememberParties, SendNotices
from notification.domain.contacts import Addressee, Contact, Party
from notification.domain.vocabulary import NoticeKind

log = logging.getLogger(__name__)
CONSUMES = (topics.REFERRAL_EVENTS, topics.MEDIATION_EVENTS, topics.YOUTH_PLAN_EVENTS)
PRODUCES = (topics.NOTIFICATION_EVENTS,)


def addressees(
    seal: ContactSeal, case_id: str, parties: Sequence[PartyRef]
) -> tuple[Addressee, ...]:
    found = []
    for ref in parties:
        contact = None
        if ref.sealed_contact:
            try:
                details = seal.open(ref.sealed_contact, case_id=case_id, party_id=ref.party_id)
            except Exception:  # a seal that does not open is the sender's fault, not a retry
                log.warning(
                    "case %s: the sealed contact of %s does not open", case_id, ref.party_id
                )
            else:
                contact = Contact(
                    name=details.name,
                    national_id=details.national_id,
                    email=details.email,
                    phone=details.phone,
                    language=details.language,
                    postal_address=details.postal_address,
                    address_protection=details.address_protection.value,
                )
        party = Party(ref.party_id, ref.role.value, ref.is_minor, ref.guardian_of)
        found.append(Addressee(party, contact))
    return tuple(found)


def commands_for(seal: ContactSeal) -> dict[type[IntegrationEvent], Callable[[Any, str], Any]]:
    """Each consumed event type → the command it becomes (given the event and its ce_id)."""

    def parties(event: Any) -> tuple[Addressee, ...]:
        return addressees(seal, event.case_id, event.parties)

    def participants(event: Any) -> tuple[Addressee, ...]:
        return addressees(seal, event.case_id, event.participants)

    def registered(e: referral.ReferralRegistered, _: str) -> RememberParties:
        return RememberParties(e.case_id, e.office, parties(e))

    def moved(e: referral.CaseMoved, _: str) -> RecordOfficeMove:
        return RecordOfficeMove(e.case_id, e.to_office)

    def meeting(e: mediation.MeetingScheduled, ce_id: str) -> SendNotices:
        return SendNotices(
            ce_id,
            e.case_id,
            e.office,
            NoticeKind.MEETING_INVITATION,
            participants(e),
            guardian_kind=NoticeKind.GUARDIAN_MEETING_NOTICE,
            facts={"starts_at": e.starts_at, "indirect": e.indirect, "meeting_kind": e.kind},
        )

    def agreement(e: mediation.AgreementApproved, ce_id: str) -> SendNotices:
        withdrawable = e.prosecution_case and e.withdrawal_ends_at is not None
        kind = NoticeKind.WITHDRAWAL_NOTICE if withdrawable else NoticeKind.AGREEMENT_COPY
        facts: dict[str, object] = {"approved_at": e.approved_at}
        if withdrawable:
            facts["withdrawal_ends_at"] = e.withdrawal_ends_at
        return SendNotices(
            ce_id, e.case_id, e.office, kind, parties(e), guardian_kind=kind, facts=facts
        )

    def performance(e: mediation.PerformanceDue, ce_id: str) -> SendNotices:
        kind = NoticeKind.PERFORMANCE_REMINDER
        return SendNotices(
            ce_id, e.case_id, None, kind, parties(e), guardian_kind=kind, facts={"due_on": e.due_on}
        )

    def conference(e: youth_plan.ConferenceScheduled, ce_id: str) -> SendNotices:
        kind = NoticeKind.CONFERENCE_INVITATION
        return SendNotices(
            ce_id,
            e.case_id,
            e.office,
            kind,
            participants(e),
            guardian_kind=kind,
            facts={"starts_at": e.starts_at},
        )

    def breach_conversation(e: youth_plan.BreachConversationScheduled, ce_id: str) -> SendNotices:
        kind = NoticeKind.BREACH_CONVERSATION_SUMMONS
        return SendNotices(
            ce_id,
            e.case_id,
            e.office,
            kind,
            participants(e),
            guardian_kind=kind,
            facts={"starts_at": e.starts_at},
            legal_basis=e.legal_basis,
        )

    def escalated(e: youth_plan.BreachEscalated, ce_id: str) -> SendNotices:
        return SendNotices(
            ce_id,
            e.case_id,
            e.office,
            NoticeKind.TRANSFER_NOTICE,
            to_guardians_of=("offender",),
            facts={"agency": e.route.value},
            legal_basis=e.legal_basis,
        )

    return {
        referral.ReferralRegistered: registered,
        referral.CaseMoved: moved,
        mediation.MeetingScheduled: meeting,
        mediation.AgreementApproved: agreement,
        mediation.PerformanceDue: performance,
        youth_plan.ConferenceScheduled: conference,
        youth_plan.BreachConversationScheduled: breach_conversation,
        youth_plan.BreachEscalated: escalated,
    }


def consumed(seal: ContactSeal) -> tuple[Consumed, ...]:
    """Each topic's event types that call for a notice; everything else the producer
    publishes is news we need not act on."""
    table = commands_for(seal)

    def translator(contract: type[IntegrationEvent]) -> Translator:
        to_command = table[contract]

        def translate(event: IntegrationEvent, delivery: Delivery) -> object:
            return to_command(event, delivery.event_id)

        return translate

    published: dict[str, Sequence[type[IntegrationEvent]]] = {
        topics.REFERRAL_EVENTS: referral.PUBLISHED,
        topics.MEDIATION_EVENTS: mediation.PUBLISHED,
        topics.YOUTH_PLAN_EVENTS: youth_plan.PUBLISHED,
    }
    return tuple(
        Consumed(
            topic=topic,
            translators={c: translator(c) for c in contracts if c in table},
            ignored_types=frozenset(c.event_type for c in contracts if c not in table),
        )
        for topic, contracts in published.items()
    )
