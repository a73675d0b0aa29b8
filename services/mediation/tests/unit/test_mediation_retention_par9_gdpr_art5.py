"""§9 and GDPR art. 5(1)(e): meeting notes are deleted once their period has run out, and the
case they belonged to is still answered for."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mediation_http import NOW, end_meeting, make_settings, office, play_to_approval

from konfliktrad_shared.clock import FrozenClock
from mediation.domain.retention import MEETING_NOTES, TABLE


def test_every_category_cites_a_provision_and_a_period() -> None:
    for kept in TABLE.values():
        assert kept.months > 0 and "§" in kept.provision and kept.reading


async def test_par9_meeting_notes_are_deleted_after_their_period_and_the_case_remains(
    tmp_path: Path,
) -> None:
    settings = await make_settings(tmp_path)
    clock = FrozenClock(NOW)
    async with office(settings, clock) as o:
        await o.seed()
        meeting_id, _agreement = await play_to_approval(o, notes="what was said")
        assert (await end_meeting(o, meeting_id)).status_code == 204
        notes = f"/cases/c-1/meetings/{meeting_id}/notes"
        housekeeper = o.app.state.housekeeper

        clock.set(NOW + timedelta(days=30 * MEETING_NOTES.months - 10))
        assert await housekeeper.erase_expired() == 0
        kept = await o.http.get(notes, headers=o.mediator())
        assert kept.json()["notes"][0]["text"] == "what was said"

        clock.set(NOW + timedelta(days=31 * MEETING_NOTES.months + 2))
        assert await housekeeper.erase_expired() == 1
        gone = await o.http.get(notes, headers=o.mediator())
        assert gone.status_code == 200 and gone.json()["notes"] == []
        case = await o.http.get("/cases/c-1", headers=o.leader())
        assert case.status_code == 200 and case.json()["meetings"]
