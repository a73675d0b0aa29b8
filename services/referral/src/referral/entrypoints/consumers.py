"""Kafka → commands. No rules here: a message becomes a command, or is dead-lettered."""

from __future__ import annotations

from konfliktrad_shared.contracts import agencies, topics, youth_plan
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.messaging import PoisonMessage, Route, TopicConsumer, subscribe
from konfliktrad_shared.national_id import NationalId, parse_national_id
from konfliktrad_shared.runtime import Runtime
from referral.config import ReferralSettings
from referral.domain import commands

# youth_plan's events: only the end date of the execution period (one end date per case).
CONSUMES = (topics.REFERRALS, topics.YOUTH_PLAN_EVENTS)
PRODUCES = (topics.REFERRAL_EVENTS, topics.PROSECUTION)


def register(runtime: Runtime, bus: MessageBus, settings: ReferralSettings) -> None:
    async def on_case_transferred(event: agencies.CaseTransferred, delivery: Delivery) -> None:
        await bus.handle(to_command(event, settings), delivery)

    consumer = TopicConsumer(
        broker=runtime.broker,
        topic=topics.REFERRALS,
        consumer_name="referral",
        routes={
            agencies.CaseTransferred.event_type: Route(
                agencies.CaseTransferred, on_case_transferred
            )
        },
    )
    subscribe(runtime.broker, consumer, group_id=settings.consumer_group)
    periods = youth_plan_periods(runtime, bus)
    subscribe(runtime.broker, periods, group_id=settings.consumer_group)
    runtime.topics.update(CONSUMES + PRODUCES)


def youth_plan_periods(runtime: Runtime, bus: MessageBus) -> TopicConsumer:
    """The end date youth_plan set, so referral's API shows the case's one end date; every
    other youth_plan event is news referral need not act on."""

    async def on_period_set(event: youth_plan.ExecutionPeriodSet, delivery: Delivery) -> None:
        ends_on = None if event.execution_ends is None else event.execution_ends.date()
        await bus.handle(commands.RecordExecutionEnd(event.case_id, ends_on), delivery)

    period_set = youth_plan.ExecutionPeriodSet
    return TopicConsumer(
        broker=runtime.broker,
        topic=topics.YOUTH_PLAN_EVENTS,
        consumer_name="referral",
        routes={period_set.event_type: Route(period_set, on_period_set)},
        ignored_types=frozenset(
            event.event_type for event in youth_plan.PUBLISHED if event is not period_set
        ),
    )


def _national_id(value: str, field: str, settings: ReferralSettings) -> NationalId:
    national_id = parse_national_id(value, allow_synthetic=True)
    if national_id.synthetic is not None and not settings.accept_synthetic_national_ids:
        raise PoisonMessage("schema_violation", f"{field}: synthetic test number")
    return national_id


def _guardians(guardians: list[agencies.Guardian]) -> tuple[commands.Guardian, ...]:
    return tuple(
        commands.Guardian(
            name=g.name, email=str(g.email), consents=g.consents, unable_to_act=g.unable_to_act
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
    )


def to_command(
    event: agencies.CaseTransferred, settings: ReferralSettings
) -> commands.RegisterTransferredCase:
    national_id = _national_id(event.offender.national_id, "offender.national_id", settings)
    offender = event.offender
    return commands.RegisterTransferredCase(
        sender_reference=event.sender_reference,
        sender=event.sender,
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
        ),
        decided_by=commands.DecisionMaker(event.decided_by.value) if event.decided_by else None,
        condition=commands.Condition(event.condition) if event.condition else None,
        execution_ends_on=event.execution_ends_on,
        no_new_crimes_condition=event.no_new_crimes_condition,
        compensation_condition=event.compensation_condition,
        victims=tuple(_victim(n, victim, settings) for n, victim in enumerate(event.victims)),
        repeated_or_serious_crime=event.repeated_or_serious_crime,
    )
