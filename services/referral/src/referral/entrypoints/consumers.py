"""Kafka → commands. No rules here: a message becomes a command, or is dead-lettered."""

from __future__ import annotations

import logging

from konfliktrad_shared import bus_rights
from konfliktrad_shared.assembly import Consumed, Refused, Translation
from konfliktrad_shared.contracts import agencies, topics, youth_plan
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messaging import PoisonMessage, sender_by_bus_rights
from konfliktrad_shared.national_id import NationalId, parse_national_id
from referral.config import ReferralSettings
from referral.domain import commands
from referral.domain.errors import NoCaseWithReference, NotCaseSender

log = logging.getLogger(__name__)

# Every sender's own referral topic: the table of bus rights lets referral read these…
REFERRAL_TOPICS = tuple(sorted(p.referral_topic for p in bus_rights.senders()))
# …and youth_plan's events, for the end date of the execution period only (one per case).
CONSUMES = (*REFERRAL_TOPICS, topics.YOUTH_PLAN_EVENTS)
PRODUCES = (topics.REFERRAL_EVENTS, topics.PROSECUTION)
# How the consumer names the topics it reads by pattern, in titles, logs and documents.
SENDER_TOPICS = f"{topics.REFERRALS_PREFIX}{{sender}}"


def consumed(settings: ReferralSettings) -> tuple[Consumed, ...]:
    """Every sender's referrals, each proven to come from the sender whose topic it is on;
    and youth_plan's end dates, so referral's API shows the case's one end date (every other
    youth_plan event is news referral need not act on)."""

    def register_case(
        event: agencies.CaseTransferred, delivery: Delivery
    ) -> commands.RegisterTransferredCase:
        return to_command(event, settings, _proven(delivery))

    period_set = youth_plan.ExecutionPeriodSet
    return (
        Consumed(
            topic=SENDER_TOPICS,
            pattern=topics.REFERRALS_PATTERN,
            senders=sender_by_bus_rights,
            known_topics=REFERRAL_TOPICS,
            translators={
                agencies.CaseTransferred: Translation(register_case, _as_sender("referral")),
                agencies.CaseWithdrawn: Translation(withdraw_case, _as_sender("withdrawal")),
            },
        ),
        Consumed(
            topic=topics.YOUTH_PLAN_EVENTS,
            translators={period_set: record_execution_end},
            ignored_types=frozenset(
                event.event_type for event in youth_plan.PUBLISHED if event is not period_set
            ),
        ),
    )


def withdraw_case(
    event: agencies.CaseWithdrawn, delivery: Delivery
) -> commands.WithdrawTransferredCase:
    return commands.WithdrawTransferredCase(
        sender_reference=event.sender_reference,
        sender_principal=_proven(delivery),
        withdrawn_on=event.withdrawn_on,
        reason=event.reason,
    )


def record_execution_end(
    event: youth_plan.ExecutionPeriodSet, _: Delivery
) -> commands.RecordExecutionEnd:
    ends_on = None if event.execution_ends is None else event.execution_ends.date()
    return commands.RecordExecutionEnd(event.case_id, ends_on)


def _proven(delivery: Delivery) -> str:
    if delivery.sender is None:  # the consumer proves every sender; this is a wiring error
        raise RuntimeError("a referral reached the domain without a proven sender")
    return delivery.sender


def _as_sender(what: str) -> dict[type[Exception], Refused]:
    """Refusals that are about who sent the message, dead-lettered to that sender's own
    dead-letter topic with details that tell it nothing about another sender's case."""

    def not_case_sender(_event: object, refused: Exception) -> None:
        assert isinstance(refused, NotCaseSender)
        # For operators: the attempt and the case it aimed at, by ids and principals only.
        log.warning(
            "refused a %s from %s: case %s was sent by %s",
            what,
            refused.attempted_by,
            refused.case_id,
            refused.case_sender or "no proven sender",
        )
        raise PoisonMessage(
            "not_case_sender",
            "this sender reference belongs to a case another sender sent: only that "
            "sender may correct or withdraw it",
        ) from refused

    def unknown_case(_event: object, unknown: Exception) -> None:
        raise PoisonMessage("unknown_case", "no case was received under this reference") from (
            unknown
        )

    return {NotCaseSender: not_case_sender, NoCaseWithReference: unknown_case}


def _national_id(value: str, field: str, settings: ReferralSettings) -> NationalId:
    national_id = parse_national_id(value, allow_synthetic=True)
    if national_id.synthetic is not None and not settings.accept_synthetic_national_ids:
        raise PoisonMessage("schema_violation", f"{field}: synthetic test number")
    return national_id


def _guardians(guardians: list[agencies.Guardian]) -> tuple[commands.Guardian, ...]:
    return tuple(
        commands.Guardian(
            name=g.name,
            email=str(g.email),
            consents=g.consents,
            unable_to_act=g.unable_to_act,
            postal_address=g.postal_address,
            address_protection=g.address_protection,
        )
        for g in guardians
    )


def _victim(number: int, victim: agencies.Victim, settings: ReferralSettings) -> commands.Victim:
    birth_date = victim.birth_date
    if victim.national_id is not None:
        national_id = _national_id(victim.national_id, f"victims[{number}].national_id", settings)
        birth_date = birth_date or national_id.birth_date
    return commands.Victim(
        name=victim.name,
        consents=victim.consents,
        national_id=victim.national_id,
        birth_date=birth_date,
        is_minor=victim.is_minor,
        guardians=_guardians(victim.guardians),
        postal_address=victim.postal_address,
        address_protection=victim.address_protection,
    )


def to_command(
    event: agencies.CaseTransferred, settings: ReferralSettings, sender_principal: str
) -> commands.RegisterTransferredCase:
    national_id = _national_id(event.offender.national_id, "offender.national_id", settings)
    offender = event.offender
    return commands.RegisterTransferredCase(
        sender_reference=event.sender_reference,
        sender=event.sender,
        sender_principal=sender_principal,
        reaction=commands.Reaction(event.reaction.value),
        decision_basis=commands.DecisionBasis(event.decision_basis.value),
        office=event.office,
        offence_date=event.offence_date,
        decided_on=event.decided_on,
        execution_months=event.execution_months,
        prison_would_clearly_exceed_two_years=event.prison_would_clearly_exceed_two_years,
        offender=commands.Offender(
            national_id=offender.national_id,
            name=offender.name,
            birth_date=national_id.birth_date,
            municipality=offender.municipality,
            consents=offender.consents,
            acknowledges_guilt=offender.acknowledges_guilt,
            guardians=_guardians(offender.guardians),
            lives_in_norway=offender.lives_in_norway,
            postal_address=offender.postal_address,
            address_protection=offender.address_protection,
        ),
        decided_by=commands.DecisionMaker(event.decided_by.value) if event.decided_by else None,
        condition=event.condition,
        execution_ends_on=event.execution_ends_on,
        no_new_crimes_condition=event.no_new_crimes_condition,
        compensation_condition=event.compensation_condition,
        victims=tuple(_victim(n, victim, settings) for n, victim in enumerate(event.victims)),
        repeated_or_serious_crime=event.repeated_or_serious_crime,
    )
