"""GDPR art. 15: mediation answers for a party of its cases, by case and party id, to the data
protection officer alone — the meetings and how many notes, never the notes' words (§9)."""

from __future__ import annotations

from pathlib import Path

from mediation_http import NOW, make_settings, office, play_to_approval

from konfliktrad_shared.clock import FrozenClock


async def test_gdpr_art15_a_party_gets_their_case_and_meetings_but_not_the_notes_text(
    tmp_path: Path,
) -> None:
    settings = await make_settings(tmp_path)
    async with office(settings, FrozenClock(NOW)) as o:
        await o.seed()
        await play_to_approval(o, notes="what the other party said")
        asked = {"parties": [{"case_id": "c-1", "party_id": "offender"}]}
        officer = o.bearer("data_protection_officer", subject="dpo-1")

        refused = await o.http.post("/data-subject/case-parties", json=asked, headers=o.leader())
        assert refused.status_code == 403
        answered = await o.http.post("/data-subject/case-parties", json=asked, headers=officer)
        assert answered.status_code == 200, answered.text
        (held,) = answered.json()
        assert (held["case_id"], held["party_id"], held["held"]["role"]) == (
            "c-1",
            "offender",
            "offender",
        )
        assert held["held"]["meetings"] and held["held"]["meeting_notes"] == 1
        assert "what the other party said" not in answered.text

        nobody = {"parties": [{"case_id": "c-1", "party_id": "victim-9"}]}
        none = await o.http.post("/data-subject/case-parties", json=nobody, headers=officer)
        assert none.json() == []
