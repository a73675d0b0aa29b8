"""§24 and §33 notices from youth_plan's OWN events: the whole youth follow-up thread runs
(conference, plan, a breach conversation, escalation); youth_plan publishes
ConferenceScheduled and BreachConversationScheduled with referral's party references, and
notification summons the young offender's guardian to both and tells them of the transfer.
The offender has no address anywhere, which must show as a failed notice, not silence."""

from __future__ import annotations

import json
from typing import Any

import pytest
from suite_support import RunningSuite, messages_about

from devtools.suite_client import eventually
from devtools.thread import play_thread
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.agencies import Reaction

pytestmark = pytest.mark.e2e


async def test_par24_par33_the_guardian_is_summoned_from_youth_plans_own_events(
    suite: RunningSuite,
) -> None:
    result = await play_thread(
        bootstrap_servers=suite.bootstrap,
        standins=suite.standins,
        keys_dir=suite.keys,
        reaction=Reaction.YOUTH_FOLLOW_UP,
    )
    wanted = {
        ("guardian-offender-1", "conference_invitation", "email", "sent"),
        ("guardian-offender-1", "breach_conversation_summons", "email", "sent"),
        ("guardian-offender-1", "transfer_notice", "email", "sent"),
        ("offender", "conference_invitation", "paper", "failed"),
    }

    async def statuses() -> list[dict[str, Any]] | None:
        events = await messages_about(suite.operator, topics.NOTIFICATION_EVENTS, result.case_id)
        found = [json.loads(value) for _, value in events]
        seen = {(e["party_id"], e["kind"], e["channel"], e["status"]) for e in found if "kind" in e}
        return found if wanted <= seen else None

    found = await eventually(statuses, "youth_plan's notices on notification.events.v1")
    summons = [e for e in found if e.get("kind") == "breach_conversation_summons"]
    assert all("§33" in e["legal_basis"] for e in summons), "the event's own provision"
    conference = [e for e in found if e.get("kind") == "conference_invitation"]
    assert all("§24" in e["legal_basis"] for e in conference)
    failed = [e for e in found if e.get("status") == "failed"]
    assert failed and all(e["reason"] == "no_address" for e in failed)
    sent = [
        (e["about_event"], e["party_id"], e["channel"]) for e in found if e.get("status") == "sent"
    ]
    assert len(sent) == len(set(sent)), "one notice per (event, recipient, channel)"
