"""The case list: what the signed-in person's roles let them see, as the services decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from desk.adapters.identity import Person
from desk.adapters.suite_api import Forbidden
from desk.entrypoints.web import language, norwegian_date, signed_in
from desk.labels import label
from desk.parts import Desk
from desk.texts import text

YOUTH_REACTIONS = ("youth_follow_up", "youth_sentence")


@dataclass
class Row:
    title: str
    href: str
    cells: list[str]


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def case_page(case: dict[str, Any], youth_coordinator: bool) -> str:
    """A youth coordinator goes straight to the youth case; the office's staff to the case as
    referral holds it, which links on to mediation or youth_plan once it is registered."""
    if youth_coordinator and case.get("reaction") in YOUTH_REACTIONS:
        return f"/youth/{case['case_id']}"
    return f"/cases/{case['case_id']}"


def router(desk: Desk) -> APIRouter:
    api = APIRouter()

    @api.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> HTMLResponse:
        person = signed_in(request)
        lang = language(request)
        sections = []
        if person.has("mediator") and not person.has("office_leader"):
            sections.append(await mediator_cases(person, lang))
        if person.has("youth_coordinator"):
            sections.append(await office_cases(person, lang, text("youth_cases", lang), True))
        elif person.has("case_officer", "office_leader"):
            sections.append(await office_cases(person, lang, text("office_cases", lang), False))
        if person.has("appointment_committee"):
            sections.append(await committee_overview(person, lang))
        return desk.pages.render(
            request,
            "cases.html",
            heading=text("cases", lang),
            sections=sections,
            may_file=person.has("case_officer"),
            leader=person.has("office_leader"),
        )

    async def mediator_cases(person: Person, lang: str) -> Section:
        found = await desk.api.mediation.get("/cases", person.token)
        section = Section(
            text("my_cases", lang),
            [text("case", lang), text("reaction", lang), text("opened", lang)],
        )
        for case in found:
            section.rows.append(
                Row(
                    case["case_id"],
                    f"/mediation/{case['case_id']}",
                    [label(case["reaction"], lang), norwegian_date(case["opened_at"])],
                )
            )
        return section

    async def office_cases(person: Person, lang: str, title: str, youth_only: bool) -> Section:
        found = await desk.api.referral.get("/cases", person.token, {"limit": 200})
        section = Section(
            title,
            [
                text("reference", lang),
                text("reaction", lang),
                text("status", lang),
                text("received", lang),
                text("days_since_receipt", lang),
                text("next_deadline", lang),
            ],
        )
        deadlines = await next_deadlines(person)
        for case in reversed(found):  # the newest first: that is what arrived today
            if youth_only and case["reaction"] not in YOUTH_REACTIONS:
                continue
            section.rows.append(
                Row(
                    case["sender_reference"],
                    case_page(case, youth_only),
                    [
                        label(case["reaction"], lang),
                        label(case["status"], lang),
                        norwegian_date(case["received_at"]),
                        str(case["days_since_receipt"]),
                        deadline_cell(deadlines.get(case["case_id"]), lang),
                    ],
                )
            )
        return section

    async def next_deadlines(person: Person) -> dict[str, dict[str, Any]]:
        """Each case's next deadline as the service that holds the case computes it (mediation:
        §18, §17 fourth para; youth_plan: §23), for the services the person's roles may ask."""
        found: dict[str, dict[str, Any]] = {}
        asks = [
            (desk.api.mediation, person.has("office_leader")),
            (desk.api.youth_plan, person.has("youth_coordinator") or person.has("office_leader")),
        ]
        for service, may_ask in asks:
            if not may_ask:
                continue
            try:
                answer = await service.get("/deadlines", person.token)
            except Forbidden:
                continue  # not this person's to see; the list goes without
            found.update({deadline["case_id"]: deadline for deadline in answer})
        return found

    async def committee_overview(person: Person, lang: str) -> Section:
        found = await desk.api.vetting.get("/mediators", person.token)
        section = Section(
            text("appointed_mediators", lang),
            [text("mediator", lang), text("office", lang), text("term_ends", lang)],
        )
        for mediator in found:
            section.rows.append(
                Row(
                    mediator.get("mediator_id", ""),
                    "/committee",  # the committee's overview lists every appointment
                    [str(mediator.get("office", "")), norwegian_date(mediator.get("term_ends"))],
                )
            )
        return section

    return api


def deadline_cell(deadline: dict[str, Any] | None, lang: str) -> str:
    if deadline is None:
        return "–"
    what = label(deadline["what"], lang)
    return f"{norwegian_date(deadline['due_on'])}: {what} ({deadline['legal_basis']})"
