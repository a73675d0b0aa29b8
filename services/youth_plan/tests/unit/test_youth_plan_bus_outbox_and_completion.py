"""Through the bus to the outbox: what each agency receives, keyed by case id and carrying the
provision only (§9), and the durable end-of-execution deadline (§23) that reports completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from youth_harness import NOW, Harness, harness, registered

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import DecisionBasis, Reaction
from youth_plan.domain import commands as c
from youth_plan.domain import vocabulary as v
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import Participant

__all__ = ["harness"]
P = Participant
TODAY = NOW.date()
YS_ATTENDEES = frozenset({P.OFFENDER, P.GUARDIANS, P.CORRECTIONAL_SERVICE, P.POLICE})
ESCALATION_FIELDS = {
    "case_id",
    "sender_reference",
    "office",
    "reaction",
    "route",
    "legal_basis",
    "breaches",
    "escalated_at",
    "consequence",
}


async def running(harness: Harness, reaction: Reaction, basis: DecisionBasis) -> None:
    await harness.deliver(registered(reaction, basis=basis, minor=True))
    bus = harness.bus
    await bus.handle(c.ScheduleConference("c-1", NOW))
    await bus.handle(c.HoldConferenceMeeting("c-1", TODAY, YS_ATTENDEES))
    await bus.handle(c.ApproveYouthPlan("c-1", True, True, True))


async def climb_to_transfer(harness: Harness, consents: frozenset[P]) -> None:
    bus = harness.bus
    await bus.handle(c.RecordBreach("c-1", TODAY, v.BreachedObligation.YOUTH_PLAN))
    await bus.handle(c.SummonToBreachConversation("c-1", NOW))
    await bus.handle(c.HoldBreachConversation("c-1", TODAY))
    decision = c.RepeatedBreachDecision(v.RepeatedBreachAction.TRANSFER, consents)
    await bus.handle(c.RecordBreach("c-1", TODAY, v.BreachedObligation.YOUTH_PLAN, True, decision))


@pytest.mark.parametrize(
    ("reaction", "basis", "agency_topic", "consents"),
    [
        (
            Reaction.YOUTH_SENTENCE,
            DecisionBasis.YOUTH_SENTENCE,
            topics.CORRECTIONAL,
            frozenset({P.POLICE, P.CORRECTIONAL_SERVICE}),
        ),
        (Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER, topics.PROSECUTION, frozenset()),
    ],
)
async def test_par31_par33_third_para_the_transfer_reaches_one_agency_with_the_provision_only(
    harness: Harness,
    reaction: Reaction,
    basis: DecisionBasis,
    agency_topic: str,
    consents: frozenset[P],
) -> None:
    await running(harness, reaction, basis)
    await climb_to_transfer(harness, consents)

    rows = await harness.outbox()
    to_agencies = [row for row in rows if row[0] in (topics.PROSECUTION, topics.CORRECTIONAL)]
    [(topic, key, event_type, payload)] = to_agencies
    assert (topic, key) == (agency_topic, "c-1")
    assert event_type == "no.konfliktraadet.youth_plan.breach_escalated.v1"
    assert set(payload) == ESCALATION_FIELDS
    assert "third para" in payload["legal_basis"] and payload["breaches"] == 2
    assert all(row[1] == "c-1" for row in rows), "every event keyed by the case id"


async def test_par24_par31_summonses_carry_the_party_refs_unchanged(harness: Harness) -> None:
    await running(harness, Reaction.YOUTH_SENTENCE, DecisionBasis.YOUTH_SENTENCE)
    await harness.bus.handle(c.RecordBreach("c-1", TODAY, v.BreachedObligation.YOUTH_PLAN))
    await harness.bus.handle(c.SummonToBreachConversation("c-1", NOW))
    by_type = {row[2].split(".")[-2]: row[3] for row in await harness.outbox()}
    for name in ("conference_scheduled", "breach_conversation_scheduled"):
        party_ids = [party["party_id"] for party in by_type[name]["participants"]]
        assert party_ids == ["offender", "guardian-offender-1"]
        assert by_type[name]["participants"][0]["sealed_contact"] == "x"
    assert by_type["breach_conversation_scheduled"]["legal_basis"] == (
        "konfliktrådsloven §31 first para"
    )


async def test_par31_third_para_a_refused_transfer_publishes_nothing(harness: Harness) -> None:
    await running(harness, Reaction.YOUTH_SENTENCE, DecisionBasis.YOUTH_SENTENCE)
    with pytest.raises(RuleViolation):
        await climb_to_transfer(harness, frozenset({P.POLICE}))
    assert not [row for row in await harness.outbox() if row[0] == topics.CORRECTIONAL]


async def test_par23_completion_is_reported_once_when_the_deadline_fires(harness: Harness) -> None:
    await running(harness, Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER)
    assert await harness.ticker.fire_due() == 0, "not before the period ends"
    harness.clock.set(NOW + timedelta(days=200))
    assert await harness.ticker.fire_due() == 1
    assert await harness.ticker.fire_due() == 0
    completed = [row for row in await harness.outbox() if row[2].endswith("execution_completed.v1")]
    [(topic, key, _, payload)] = completed
    assert (topic, key) == (topics.PROSECUTION, "c-1")
    assert payload["completed_on"] == "2027-05-20"
    assert payload["police_record_until"] == "2029-05-20"


async def test_par23_an_interrupted_case_is_not_reported_completed(harness: Harness) -> None:
    await running(harness, Reaction.YOUTH_FOLLOW_UP, DecisionBasis.TRANSFER)
    await harness.bus.handle(c.ReportNewCrime("c-1", v.NewCrimeStage.CHARGED, date(2027, 1, 5)))
    await harness.bus.handle(
        c.InterruptExecution(
            "c-1", v.InterruptionGrounds.PROSECUTION_AFTER_CHARGE, date(2027, 1, 6)
        )
    )
    harness.clock.set(NOW + timedelta(days=200))
    assert await harness.ticker.fire_due() == 1
    types = [row[2].split(".")[-2] for row in await harness.outbox()]
    assert "execution_completed" not in types
    assert {"new_crime_reported", "execution_interrupted"} <= set(types)
