"""Kafka → commands. No rules here: a message becomes a command, or is not for this service."""

from __future__ import annotations

import logging

from konfliktrad_shared.assembly import Consumed, Translation
from konfliktrad_shared.contracts import referral, topics, vetting
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery
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


def add_to_roster(event: vetting.MediatorAppointed, _: Delivery) -> AddMediatorToRoster:
    return AddMediatorToRoster(event.mediator_id, event.office, event.term_ends, event.term_starts)


def not_added_to_roster(event: vetting.MediatorAppointed, refusal: Exception) -> None:
    # Redelivery cannot change the outcome, so the message is acknowledged, not retried.
    assert isinstance(refusal, RuleViolation)
    log.warning(
        "mediator %s not added to the roster: %s: %s",
        event.mediator_id,
        refusal.legal_basis,
        refusal.reason,
    )


def renew_term(event: vetting.MediatorTermRenewed, _: Delivery) -> RenewMediatorTerm:
    return RenewMediatorTerm(event.mediator_id, event.office, event.term_starts, event.term_ends)


def end_expired_term(event: vetting.MediatorTermExpired, _: Delivery) -> EndMediatorTerm:
    return EndMediatorTerm(event.mediator_id, event.expired_on)


def end_revoked_term(event: vetting.MediatorRevoked, _: Delivery) -> EndMediatorTerm:
    return EndMediatorTerm(event.mediator_id, event.effective_on, event.legal_basis)


def open_case(event: referral.ReferralRegistered, _: Delivery) -> OpenMediationCase | None:
    if event.reaction not in MEDIATION_REACTIONS:
        return None
    return OpenMediationCase(
        case_id=event.case_id,
        office=event.office,
        reaction=MediationReaction(event.reaction.value),
        decision_basis=event.decision_basis,
        parties=tuple(event.parties),
    )


def move_case(event: referral.CaseMoved, _: Delivery) -> MoveCase:
    return MoveCase(event.case_id, event.to_office)


CONSUMED = (
    Consumed(
        topic=topics.VETTING_EVENTS,
        translators={
            vetting.MediatorAppointed: Translation(
                add_to_roster, refused={RuleViolation: not_added_to_roster}
            ),
            vetting.MediatorTermRenewed: renew_term,
            vetting.MediatorTermExpired: end_expired_term,
            vetting.MediatorRevoked: end_revoked_term,
        },
    ),
    Consumed(
        topic=topics.REFERRAL_EVENTS,
        translators={referral.ReferralRegistered: open_case, referral.CaseMoved: move_case},
        # Corrections, postponements and rejections change nothing mediation keeps.
        ignored_types=frozenset(event.event_type for event in referral.PUBLISHED)
        - {referral.ReferralRegistered.event_type, referral.CaseMoved.event_type},
    ),
)
