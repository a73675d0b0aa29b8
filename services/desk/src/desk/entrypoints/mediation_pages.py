"""A mediation case: its parties and mediators, meetings, the agreement and its approvals,
the §18 withdrawal period and fulfilment. Every act is a call to mediation's API with the
person's own token; what it refuses is shown beside the field, the input kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.adapters.identity import Person
from desk.entrypoints import mediation_forms as forms
from desk.entrypoints.web import (
    Form,
    answered,
    form_of,
    in_oslo,
    language,
    long_date,
    norwegian_date,
    norwegian_datetime,
    signed_in,
)
from desk.labels import label
from desk.parts import Desk
from desk.texts import text

MEETING_KINDS = ("mediation_meeting", "conference", "facilitated_meeting", "follow_up_meeting")
MODES = ("in_person", "phone", "video", "shuttle")
PERFORMANCE_KINDS = ("apology", "work", "money", "other")


def withdrawal(agreement: dict[str, Any], now: datetime, lang: str) -> dict[str, Any] | None:
    """The §18 period as mediation set it. `withdrawal_ends_at` is an exclusive end (midnight
    in Oslo), so the last day a party may withdraw is the Oslo day just before it."""
    ends = agreement.get("withdrawal_ends_at")
    if not ends or not agreement.get("approved_at"):
        return None
    end = in_oslo(ends)
    last_day = (end - timedelta(microseconds=1)).date()
    today = in_oslo(now).date()
    return {
        "last_day": long_date(last_day, lang),
        "days_left": max(0, (last_day - today).days),
        "over": bool(agreement.get("withdrawal_period_over")) or end <= now,
    }


def options(
    case: dict[str, Any], roster: list[dict[str, Any]], lang: str
) -> dict[str, list[tuple[str, str]]]:
    """The choices the forms offer, each (value, what the person reads)."""

    def labelled(codes: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(code, label(code, lang)) for code in codes]

    term = text("term_ends", lang).lower()
    return {
        "roster": [
            (m["mediator_id"], f"{m['mediator_id']} ({term} {norwegian_date(m['term_ends'])})")
            for m in roster
        ],
        "meeting_kinds": labelled(MEETING_KINDS),
        "modes": labelled(MODES),
        "performance_kinds": labelled(PERFORMANCE_KINDS),
        "parties": [
            (p["party_id"], f"{p['party_id']} ({label(p['role'], lang)})")
            for p in case["parties"]
            if p["role"] != "guardian"
        ],
        "open_meetings": [
            (m["meeting_id"], f"{label(m['kind'], lang)} {norwegian_datetime(m['starts_at'])}")
            for m in case["meetings"]
            if not m.get("outcome")
        ],
    }


def router(desk: Desk) -> APIRouter:
    api = APIRouter(prefix="/mediation/{case_id}")
    mediation = desk.api.mediation

    async def show(
        request: Request, case_id: str, person: Person, form: Form | None = None
    ) -> Response:
        case = await mediation.get(f"/cases/{case_id}", person.token)
        roster: list[dict[str, Any]] = []
        if person.has("office_leader"):
            roster = await mediation.get("/roster", person.token)
        for meeting in case["meetings"]:
            # Confidential (§9): read only for the page of a person the service lets see it,
            # and never kept by the desk.
            tail = f"/cases/{case_id}/meetings/{meeting['meeting_id']}/notes"
            meeting["notes"] = (await mediation.get(tail, person.token))["notes"]
        now = datetime.now(UTC)
        for agreement in case["agreements"]:
            agreement["withdrawal"] = withdrawal(agreement, now, language(request))
            agreement["decided_by"] = {d["mediator_id"] for d in agreement["decisions"]}
        return desk.pages.render(
            request,
            "mediation_case.html",
            status_code=422 if form is not None and form.has_refusals else 200,
            case=case,
            roster=roster,
            form=form,
            leader=person.has("office_leader"),
            mediator=person.has("mediator") and person.subject in case["mediators"],
            subject=person.subject,
            options=options(case, roster, language(request)),
            date=norwegian_date,
            datetime=norwegian_datetime,
        )

    @api.get("")
    async def page(request: Request, case_id: str) -> Response:
        return await show(request, case_id, signed_in(request))

    async def act(
        request: Request,
        case_id: str,
        name: str,
        call: Callable[[Person, Form, dict[str, Any]], Awaitable[Any]],
        anchor: str,
    ) -> Response:
        person = signed_in(request, f"/mediation/{case_id}")
        form = await form_of(request, name)
        case = await mediation.get(f"/cases/{case_id}", person.token)
        return await answered(
            call(person, form, case),
            form,
            forms.PLACEMENT[name],
            lambda form: show(request, case_id, person, form),
            f"/mediation/{case_id}#{anchor}",
        )

    def path(case_id: str, tail: str) -> str:
        return f"/cases/{case_id}{tail}"

    @api.post("/mediators")
    async def assign(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form, _: dict[str, Any]) -> Any:
            body = forms.assignment(form)
            return await mediation.post(path(case_id, "/mediators"), person.token, body)

        return await act(request, case_id, "assign", call, "mediators")

    @api.post("/meetings")
    async def schedule(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form, case: dict[str, Any]) -> Any:
            body = forms.meeting(form, case)
            return await mediation.post(path(case_id, "/meetings"), person.token, body)

        return await act(request, case_id, "meeting", call, "meetings")

    @api.post("/meetings/{meeting_id}/outcome")
    async def end_meeting(request: Request, case_id: str, meeting_id: str) -> Response:
        async def call(person: Person, form: Form, case: dict[str, Any]) -> Any:
            meeting = next(m for m in case["meetings"] if m["meeting_id"] == meeting_id)
            body = forms.outcome(form, meeting)
            tail = f"/meetings/{meeting_id}/outcome"
            return await mediation.post(path(case_id, tail), person.token, body)

        return await act(request, case_id, "outcome", call, "meetings")

    @api.post("/meetings/{meeting_id}/notes")
    async def write_notes(request: Request, case_id: str, meeting_id: str) -> Response:
        async def call(person: Person, form: Form, _: dict[str, Any]) -> Any:
            tail = f"/meetings/{meeting_id}/notes"
            body = {"text": form.value("text")}
            return await mediation.post(path(case_id, tail), person.token, body)

        return await act(request, case_id, "notes", call, "meetings")

    @api.post("/agreements")
    async def record_agreement(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form, _: dict[str, Any]) -> Any:
            body = forms.agreement(form)
            return await mediation.post(path(case_id, "/agreements"), person.token, body)

        return await act(request, case_id, "agreement", call, "agreements")

    @api.post("/agreements/{agreement_id}/approval")
    async def approve(request: Request, case_id: str, agreement_id: str) -> Response:
        async def call(person: Person, form: Form, _: dict[str, Any]) -> Any:
            body = {"approves": True, "in_writing": True}
            tail = f"/agreements/{agreement_id}/decisions"
            return await mediation.post(path(case_id, tail), person.token, body)

        return await act(request, case_id, "approval", call, "agreements")

    @api.post("/agreements/{agreement_id}/fulfilment")
    async def fulfilled(request: Request, case_id: str, agreement_id: str) -> Response:
        async def call(person: Person, form: Form, _: dict[str, Any]) -> Any:
            tail = f"/agreements/{agreement_id}/fulfilment"
            return await mediation.post(path(case_id, tail), person.token)

        return await act(request, case_id, "fulfilment", call, "agreements")

    return api
