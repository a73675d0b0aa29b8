"""Kafka → commands. No rules here: a message becomes a command, or is not for this service."""

from __future__ import annotations

from konfliktrad_shared.assembly import Consumed
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery
from youth_plan.domain.commands import CorrectExecutionPeriod, OpenYouthCase
from youth_plan.domain.vocabulary import YouthReaction

CONSUMES = (topics.REFERRAL_EVENTS,)
PRODUCES = (topics.YOUTH_PLAN_EVENTS, topics.PROSECUTION, topics.CORRECTIONAL)
# Youth follow-up and youth sentence (§§22-33), and follow-up in the office (§36).
YOUTH_REACTIONS = {Reaction.YOUTH_FOLLOW_UP, Reaction.YOUTH_SENTENCE, Reaction.FOLLOW_UP}


def open_youth_case(event: referral.ReferralRegistered, _: Delivery) -> OpenYouthCase | None:
    if event.reaction not in YOUTH_REACTIONS:
        return None
    return OpenYouthCase(
        case_id=event.case_id,
        sender_reference=event.sender_reference,
        office=event.office,
        reaction=YouthReaction(event.reaction.value),
        execution_months=event.execution_months or 0,  # absent: refused under §23
        decision_basis=event.decision_basis.value,
        offender_is_minor=event.offender_is_minor,
        # Passed on unchanged in ConferenceScheduled / BreachConversationScheduled, so
        # notification alone can open the sealed contacts (§9).
        parties=[party.model_dump(mode="json") for party in event.parties],
        offender_of_age_on=event.offender_of_age_on,
    )


def correct_execution_period(
    event: referral.ReferralCorrected, _: Delivery
) -> CorrectExecutionPeriod:
    # Every correction goes to the case; one this service does not run is skipped there.
    return CorrectExecutionPeriod(
        case_id=event.case_id,
        execution_months=event.execution_months,
        corrected_at=event.corrected_at,
    )


CONSUMED = (
    Consumed(
        topic=topics.REFERRAL_EVENTS,
        translators={
            referral.ReferralRegistered: open_youth_case,
            referral.ReferralCorrected: correct_execution_period,
        },
        ignored_types=frozenset({referral.ReferralRejected.event_type}),
    ),
)
