"""The office and mediator check is the command handler's own load: one read, in the
handler's transaction. Run on the bus directly, without the HTTP edge in front of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mediation_http import NOW, Office, make_settings, office, play_to_approval

from konfliktrad_shared.auth_tokens import Principal
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.messagebus import OnBehalfOf
from mediation.domain.commands import AssignMediators, WriteMeetingNotes
from mediation.domain.errors import CaseNotFound
from mediation.domain.staff import Staff


@pytest.fixture
async def o(tmp_path: Path) -> AsyncIterator[Office]:
    async with office(await make_settings(tmp_path), FrozenClock(NOW)) as running:
        await running.seed()
        yield running


def mediator(mediator_id: str, office: str = "oslo") -> Staff:
    return Staff(offices=frozenset({office}), mediator_id=mediator_id, leads=False)


def leader(office: str) -> Staff:
    return Staff(offices=frozenset({office}), mediator_id="leader-1", leads=True)


async def notes_by(o: Office, staff: Staff, meeting_id: str) -> str:
    command = WriteMeetingNotes("c-1", meeting_id, staff.mediator_id, "said in the meeting")
    written: str = await o.app.state.bus.handle(OnBehalfOf(command, staff))
    return written


async def test_the_assigned_mediator_acts_on_the_case_and_another_mediator_does_not(
    o: Office,
) -> None:
    meeting_id, _ = await play_to_approval(o)

    assert await notes_by(o, mediator("m-1"), meeting_id)
    with pytest.raises(CaseNotFound) as refused:
        await notes_by(o, mediator("m-2"), meeting_id)
    assert refused.value.detail == "no such case"


async def test_another_offices_leader_finds_no_case_and_the_offices_leader_does(
    o: Office,
) -> None:
    bus = o.app.state.bus
    assign = AssignMediators("c-1", ("m-1",), None)

    with pytest.raises(CaseNotFound) as refused:
        await bus.handle(OnBehalfOf(assign, leader("bergen")))
    assert refused.value.detail == "no such case"
    await bus.handle(OnBehalfOf(assign, leader("oslo")))
    assert (await o.http.get("/cases/c-1", headers=o.mediator("m-1"))).status_code == 200


async def test_a_caller_not_read_as_mediation_staff_is_refused_before_any_read(
    o: Office,
) -> None:
    """A bare principal says nothing of the mediator rule: acting for it would show a
    mediator every case of the office."""
    principal = Principal(subject="m-2", roles=frozenset({"mediator"}), office="oslo")
    with pytest.raises(TypeError):
        await o.app.state.bus.handle(OnBehalfOf(AssignMediators("c-1", ("m-1",), None), principal))
