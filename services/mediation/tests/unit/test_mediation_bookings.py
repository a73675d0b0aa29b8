"""A mediator is not booked for two meetings at once, in one case or two (§14, our reading),
and a mediator books their own case's meetings, while the office's permissions (§12 second to
fourth para, §15) stay the leader's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mediation_http import NOW, PARTIES, Office, make_settings, office

from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contracts.agencies import DecisionBasis
from mediation.domain.bookings import MEETING_SLOT, must_be_free
from mediation.domain.commands import MediationReaction, OpenMediationCase
from mediation.domain.errors import RuleViolation

AT = datetime(2026, 3, 10, 9, tzinfo=UTC)


def test_par14_a_mediator_booked_within_the_slot_is_refused_with_the_time() -> None:
    with pytest.raises(RuleViolation) as refused:
        must_be_free(["m-1"], AT + MEETING_SLOT - timedelta(minutes=1), {"m-1": [AT]})
    assert refused.value.legal_basis == "konfliktrådsloven §14"
    assert "m-1 is already booked for a meeting at 10.03.2026 10:00" in refused.value.reason


def test_par14_a_meeting_after_the_slot_or_of_another_mediator_is_free() -> None:
    must_be_free(["m-1"], AT + MEETING_SLOT, {"m-1": [AT]})
    must_be_free(["m-2"], AT, {"m-1": [AT]})


@pytest.fixture
async def o(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as running:
        await running.seed()
        bus = running.app.state.bus
        await bus.handle(
            OpenMediationCase(
                "c-2", "oslo", MediationReaction.MEDIATION, DecisionBasis.TRANSFER, PARTIES
            )
        )
        for case_id in ("c-1", "c-2"):
            assigned = await running.http.post(
                f"/cases/{case_id}/mediators",
                json={"mediator_ids": ["m-1"]},
                headers=running.leader(),
            )
            assert assigned.status_code == 204, assigned.text
        yield running


def meeting(starts_at: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "mediation_meeting",
        "starts_at": starts_at.isoformat(),
        "participants": [
            {"person_ref": "offender", "role": "party"},
            {"person_ref": "victim-1", "role": "party"},
            {"person_ref": "m-1", "role": "mediator"},
        ],
        **extra,
    }


async def test_par14_the_mediator_books_their_own_meeting_and_not_a_second_at_that_time(
    o: Office,
) -> None:
    mine = await o.http.post("/cases/c-1/meetings", json=meeting(AT), headers=o.mediator("m-1"))
    assert mine.status_code == 201, mine.text

    clash = await o.http.post(
        "/cases/c-2/meetings", json=meeting(AT + timedelta(hours=1)), headers=o.leader()
    )
    assert clash.status_code == 422
    assert clash.json()["legal_basis"] == "konfliktrådsloven §14"
    assert "already booked" in clash.json()["reason"]

    later = await o.http.post(
        "/cases/c-2/meetings", json=meeting(AT + MEETING_SLOT), headers=o.leader()
    )
    assert later.status_code == 201, later.text


async def test_par12_second_para_an_office_permission_is_the_leaders_to_give(o: Office) -> None:
    indirect = meeting(AT, mode="video", indirect_permission={"justification": "far apart"})
    refused = await o.http.post("/cases/c-1/meetings", json=indirect, headers=o.mediator("m-1"))
    assert refused.status_code == 403
    other = await o.http.post("/cases/c-1/meetings", json=meeting(AT), headers=o.mediator("m-2"))
    assert other.status_code == 404, "another mediator's case stays hidden"
