"""Follow-up in the office (konfliktrådsloven §36): youth_plan opens it, the office and the
offender approve the individual plan, and breaches climb the §33 ladder to the prosecution."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import pytest_asyncio
from aiokafka import ConsumerRecord  # type: ignore[import-untyped]
from sqlalchemy import select

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts import referral, topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from konfliktrad_shared.envelope import Envelope
from konfliktrad_shared.migrations import upgrade_to_head
from konfliktrad_shared.runtime import create_runtime
from youth_plan.adapters import orm, outbound
from youth_plan.bootstrap import bootstrap
from youth_plan.config import YouthPlanSettings
from youth_plan.domain.breach_ladder import LadderStep
from youth_plan.domain.commands import YouthReaction
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.events import BreachEscalated
from youth_plan.domain.model import EXECUTION_MONTHS_LIMITS, YouthCase
from youth_plan.entrypoints import consumers
from youth_plan.main import MIGRATIONS

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TODAY = NOW.date()


def opened(months: int = 12) -> YouthCase:
    return YouthCase.open(
        case_id="c1",
        sender_reference="POL-1",
        office="oslo",
        reaction=YouthReaction.FOLLOW_UP,
        execution_months=months,
        now=NOW,
    )


def approved() -> YouthCase:
    case = opened()
    case.approve_plan(coordinator=True, offender=True, guardians=False, now=NOW)
    return case


def test_par36_follow_up_is_a_reaction_youth_plan_keeps() -> None:
    assert YouthReaction(Reaction.FOLLOW_UP.value) is YouthReaction.FOLLOW_UP
    assert Reaction.FOLLOW_UP in consumers.YOUTH_REACTIONS


@pytest.mark.parametrize("months", [0, 13])
def test_par23_second_para_par36_follow_up_runs_up_to_one_year(months: int) -> None:
    assert EXECUTION_MONTHS_LIMITS[YouthReaction.FOLLOW_UP] == (1, 12)
    with pytest.raises(RuleViolation) as raised:
        opened(months=months)
    assert raised.value.legal_basis == "konfliktrådsloven §23"


def test_par36_the_plan_is_approved_by_the_office_and_the_offender_without_guardians() -> None:
    case = approved()
    assert case.plan_approved_at == NOW
    assert case.execution_ends == datetime(2027, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("office", "offender", "missing"),
    [(False, True, "the office"), (True, False, "the offender")],
)
def test_par36_the_plan_needs_the_office_and_the_offender(
    office: bool, offender: bool, missing: str
) -> None:
    with pytest.raises(RuleViolation) as raised:
        opened().approve_plan(coordinator=office, offender=offender, guardians=True, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §36"
    assert missing in raised.value.reason


def test_par36_no_breach_before_an_approved_plan() -> None:
    with pytest.raises(RuleViolation) as raised:
        opened().record_breach(occurred_on=TODAY, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §36"


def test_par36_cf_par33_first_para_a_first_breach_leads_to_a_breach_conversation() -> None:
    outcome = approved().record_breach(occurred_on=TODAY, now=NOW)
    assert outcome.step is LadderStep.BREACH_CONVERSATION
    assert outcome.legal_basis == "konfliktrådsloven §36, cf. §33 first para"


def test_par36_cf_par33_third_para_a_new_breach_after_the_conversation_goes_to_prosecution() -> (
    None
):
    case = approved()
    case.record_breach(occurred_on=TODAY, now=NOW)
    case.hold_breach_conversation(held_on=TODAY, now=NOW)
    outcome = case.record_breach(occurred_on=TODAY, now=NOW)

    assert outcome.step is LadderStep.TRANSFER
    assert outcome.legal_basis == "konfliktrådsloven §36, cf. §33 third para"
    [escalated] = [e for e in case.events if isinstance(e, BreachEscalated)]
    published = outbound.translate(escalated)
    assert [event.topic for event in published] == [topics.PROSECUTION, topics.YOUTH_PLAN_EVENTS]
    with pytest.raises(RuleViolation) as raised:
        case.record_breach(occurred_on=TODAY, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §36, cf. §33 third para"


def test_par36_cf_par33_a_conversation_needs_a_breach_first() -> None:
    with pytest.raises(RuleViolation) as raised:
        approved().hold_breach_conversation(held_on=TODAY, now=NOW)
    assert raised.value.legal_basis == "konfliktrådsloven §36, cf. §33 first para"


class Harness:
    def __init__(self, settings: YouthPlanSettings) -> None:
        self.runtime = create_runtime(settings, tables=orm.plumbing, clock=FrozenClock(NOW))
        self.consumer = consumers.register(self.runtime, bootstrap(self.runtime))

    async def deliver(self, event: referral.ReferralRegistered, ce_id: str | None = None) -> None:
        envelope = Envelope(
            id=ce_id or str(uuid4()), type=event.event_type, source="urn:test", time=NOW
        )
        headers = [(name, value.encode()) for name, value in envelope.headers().items()]
        value = event.model_dump_json().encode()
        record: ConsumerRecord[Any, Any] = ConsumerRecord(
            topics.REFERRAL_EVENTS,
            0,
            0,
            0,
            0,
            event.subject().encode(),
            value,
            None,
            0,
            len(value),
            headers,
        )
        await self.consumer.consume(record)

    async def cases(self) -> list[tuple[str, YouthReaction]]:
        table = orm.youth_cases
        async with self.runtime.engine.connect() as connection:
            rows = await connection.execute(select(table.c.case_id, table.c.reaction))
            return [(row.case_id, row.reaction) for row in rows]

    async def outbox_payloads(self) -> list[dict[str, Any]]:
        outbox = orm.plumbing.outbox
        async with self.runtime.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.payload))).scalars().all()
        return [json.loads(row) for row in rows]


@pytest_asyncio.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    settings = YouthPlanSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'y.sqlite3'}")
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, settings.database_url)
    harness = Harness(settings)
    yield harness
    await harness.runtime.engine.dispose()


def registered(reaction: Reaction, case_id: str = "c-1") -> referral.ReferralRegistered:
    return referral.ReferralRegistered(
        case_id=case_id,
        sender_reference="ref-1",
        office="oslo",
        reaction=reaction,
        decision_basis=DecisionBasis.TRANSFER,
        offence_date=date(2026, 1, 10),
        execution_months=6,
        offender_is_minor=False,
        registered_at=NOW,
    )


@pytest.mark.asyncio
async def test_par36_a_follow_up_registration_opens_one_case_in_youth_plan(
    harness: Harness,
) -> None:
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-1")
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-1")
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-2")

    assert await harness.cases() == [("c-1", YouthReaction.FOLLOW_UP)]
    [opened_payload] = await harness.outbox_payloads()
    assert opened_payload["reaction"] == "follow_up" and opened_payload["office"] == "oslo"


@pytest.mark.asyncio
async def test_mediation_registrations_are_not_for_youth_plan(harness: Harness) -> None:
    await harness.deliver(registered(Reaction.MEDIATION))

    assert await harness.cases() == []
