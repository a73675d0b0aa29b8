"""What the services compute, shown as they wrote it: each case's next deadline with its
provision in the office's list, and the steps the breach ladder allows next with their
consents and provisions on the youth case (the services answered by httpx's MockTransport)."""

from __future__ import annotations

from pathlib import Path

import httpx
from test_desk_pages import signed_in, with_services

REFERRAL_CASE = {
    "case_id": "c-1",
    "sender_reference": "POL-1",
    "reaction": "youth_sentence",
    "status": "registered",
    "received_at": "2026-11-20T12:00:00+00:00",
    "days_since_receipt": 11,
}
YOUTH_CASE = {
    "case_id": "c-1",
    "office": "konfliktradet-oslo",
    "reaction": "youth_sentence",
    "opened_at": "2026-11-20T12:00:00+00:00",
    "execution_months": 6,
    "execution_starts": "2026-11-20T12:00:00+00:00",
    "execution_ends": "2027-05-20T12:00:00+00:00",
    "conference_meetings": 1,
    "plan_approved_at": "2026-11-20T12:00:00+00:00",
    "measures": [],
    "team": [],
    "ladder_stage": "breach",
    "breaches": 1,
    "conversation_held_on": None,
    "escalated_at": None,
}


def youth_plan_and_referral(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if request.url.port == 8001:
        return httpx.Response(200, json=[REFERRAL_CASE])
    if path == "/deadlines":
        deadline = {
            "case_id": "c-1",
            "due_on": "2027-05-20",
            "what": "execution_ends",
            "legal_basis": "konfliktrådsloven §23 first para",
        }
        return httpx.Response(200, json=[deadline])
    if path.endswith("/ladder-steps"):
        steps = [
            {"step": "summon", "legal_basis": "konfliktrådsloven §31 first para", "consents": []},
            {
                "step": "set_conditions",
                "legal_basis": "konfliktrådsloven §31 second para",
                "consents": ["offender", "police"],
            },
        ]
        return httpx.Response(200, json=steps)
    return httpx.Response(200, json=YOUTH_CASE)


def test_the_office_list_shows_each_cases_next_deadline_and_its_provision(
    tmp_path: Path,
) -> None:
    client = with_services(tmp_path, youth_plan_and_referral)
    signed_in(client, "youth_coordinator", "koordinator")
    page = client.get("/").text
    assert "Neste frist" in page
    assert "20.05.2027: Gjennomføringstiden slutter (konfliktrådsloven §23 first para)" in page


def test_the_office_leader_sees_the_youth_cases_deadline_in_the_office_list_too(
    tmp_path: Path,
) -> None:
    asked: list[tuple[int | None, str]] = []

    def recorded(request: httpx.Request) -> httpx.Response:
        asked.append((request.url.port, request.url.path))
        return youth_plan_and_referral(request)

    client = with_services(tmp_path, recorded)
    signed_in(client, "office_leader", "leder")
    page = client.get("/").text
    assert "20.05.2027: Gjennomføringstiden slutter (konfliktrådsloven §23 first para)" in page
    assert (8003, "/deadlines") in asked, "youth_plan was not asked for the office's deadlines"


def test_the_youth_case_lists_the_steps_the_act_allows_next_as_youth_plan_answered(
    tmp_path: Path,
) -> None:
    client = with_services(tmp_path, youth_plan_and_referral)
    signed_in(client, "youth_coordinator", "koordinator")
    page = client.get("/youth/c-1").text
    allowed = page.split("Det loven tillater nå")[1].split("</table>")[0]
    assert "Fastsette vilkår" in allowed
    assert "Domfelte / siktede, Politiet" in allowed
    assert "konfliktrådsloven §31 second para" in allowed
    assert "Innkalle til bruddsamtale" in allowed
