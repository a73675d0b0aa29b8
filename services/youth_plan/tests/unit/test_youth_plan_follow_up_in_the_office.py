"""Follow-up in the office (konfliktrådsloven §36) arrives from referral like the youth
reactions: youth_plan opens one case per registration, once, with what the ladder needs."""

from __future__ import annotations

import pytest
from youth_harness import Harness, harness, registered

from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction
from youth_plan.domain.vocabulary import YouthReaction
from youth_plan.entrypoints import consumers

__all__ = ["harness"]  # the fixture, imported for pytest


def test_par36_follow_up_is_a_reaction_youth_plan_keeps() -> None:
    assert YouthReaction(Reaction.FOLLOW_UP.value) is YouthReaction.FOLLOW_UP
    assert Reaction.FOLLOW_UP in consumers.YOUTH_REACTIONS


@pytest.mark.asyncio
async def test_par36_a_follow_up_registration_opens_one_case_in_youth_plan(
    harness: Harness,
) -> None:
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-1")
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-1")
    await harness.deliver(registered(Reaction.FOLLOW_UP), ce_id="ce-2")

    assert await harness.cases() == [("c-1", YouthReaction.FOLLOW_UP)]
    [(topic, key, _, opened_payload)] = await harness.outbox()
    assert (topic, key) == (topics.YOUTH_PLAN_EVENTS, "c-1")
    assert opened_payload["reaction"] == "follow_up" and opened_payload["office"] == "oslo"


@pytest.mark.asyncio
async def test_mediation_registrations_are_not_for_youth_plan(harness: Harness) -> None:
    await harness.deliver(registered(Reaction.MEDIATION))

    assert await harness.cases() == []
