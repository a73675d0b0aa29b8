"""A youth case (youth follow-up, youth sentence): the conference and who attended, the
plan's measures, the follow-up team and the breach ladder. youth_plan decides every step;
the page shows its answer, and its refusals beside the field they concern."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.adapters.identity import Person
from desk.entrypoints.mediation_forms import checked, local_moment
from desk.entrypoints.web import (
    Form,
    answered,
    form_of,
    language,
    norwegian_date,
    norwegian_datetime,
    signed_in,
)
from desk.labels import label
from desk.parts import Desk

ATTENDEES = (
    "offender", "guardians", "temporary_guardian", "correctional_service", "police", "victim",
    "victims_guardians", "defence_counsel", "victims_counsel", "school", "child_welfare",
    "health_services",
)  # fmt: skip
MEASURES = (
    "a_non_economic_compensation", "b_crime_prevention_programme", "c_community_tasks",
    "d_residence_work_education_rules", "e_report_to_police_or_correctional",
    "f_abstain_and_drug_tests", "g_curfew", "h_no_contact",
)  # fmt: skip
OBLIGATIONS = ("youth_plan", "general_obligations", "substance_ban", "ladder_condition")
DECISIONS = ("", "new_conference", "transfer")
CONSENTS = ("police", "correctional_service", "offender", "guardians")
PLACEMENT: dict[str, dict[str, str]] = {
    "conference": {"": "starts_at"},
    "conference_meeting": {"§24": "attendees", "§23": "held_on"},
    "plan": {"§25": "measures", "§26": "measures"},
    "breach": {"third para": "consents", "§31": "decision", "§33": "decision"},
    "summons": {"": "starts_at"},
    "team": {"": "members"},
    "conversation": {"": "held_on"},
}


def router(desk: Desk) -> APIRouter:
    api = APIRouter(prefix="/youth/{case_id}")
    youth = desk.api.youth_plan

    async def show(
        request: Request, case_id: str, person: Person, form: Form | None = None
    ) -> Response:
        case = await youth.get(f"/cases/{case_id}", person.token)
        # youth_plan decides which steps the Act allows next; the page only lists them
        allowed_steps = await youth.get(f"/cases/{case_id}/ladder-steps", person.token)
        lang = language(request)

        def labelled(codes: tuple[str, ...]) -> list[tuple[str, str]]:
            return [(code, label(code, lang) if code else "–") for code in codes]

        return desk.pages.render(
            request,
            "youth_case.html",
            status_code=422 if form is not None and form.has_refusals else 200,
            case=case,
            form=form,
            last_step=request.session.get(f"ladder:{case_id}"),
            allowed_steps=allowed_steps,
            options={
                "attendees": labelled(ATTENDEES),
                "measures": labelled(MEASURES),
                "obligations": labelled(OBLIGATIONS),
                "decisions": labelled(DECISIONS),
                "consents": labelled(CONSENTS),
            },
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
        call: Callable[[Person, Form], Awaitable[Any]],
        anchor: str,
    ) -> Response:
        person = signed_in(request, f"/youth/{case_id}")
        form = await form_of(request, name)
        return await answered(
            call(person, form),
            form,
            PLACEMENT[name],
            lambda form: show(request, case_id, person, form),
            f"/youth/{case_id}#{anchor}",
        )

    def post(case_id: str, tail: str, person: Person, body: Any) -> Awaitable[Any]:
        return youth.post(f"/cases/{case_id}{tail}", person.token, body)

    def moment(form: Form) -> str:
        value = str(form.value("starts_at"))
        return local_moment(value) if value else ""

    @api.post("/conference")
    async def schedule_conference(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            return await post(case_id, "/conferences", person, {"starts_at": moment(form)})

        return await act(request, case_id, "conference", call, "conference")

    @api.post("/conference-meeting")
    async def hold_conference(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {"held_on": form.value("held_on"), "attendees": form.values_of("attendees")}
            return await post(case_id, "/conference-meetings", person, body)

        return await act(request, case_id, "conference_meeting", call, "conference")

    @api.post("/plan")
    async def approve_plan(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {
                "approved_by_coordinator": checked(form, "approved_by_coordinator"),
                "approved_by_offender": checked(form, "approved_by_offender"),
                "approved_by_guardians": checked(form, "approved_by_guardians"),
                "measures": form.values_of("measures"),
            }
            return await post(case_id, "/plan-approvals", person, body)

        return await act(request, case_id, "plan", call, "plan")

    @api.post("/team")
    async def follow_up_team(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {"members": form.values_of("members")}
            return await youth.put(f"/cases/{case_id}/follow-up-team", person.token, body)

        return await act(request, case_id, "team", call, "plan")

    @api.post("/breaches")
    async def record_breach(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body: dict[str, Any] = {
                "occurred_on": form.value("occurred_on"),
                "obligation": form.value("obligation", "youth_plan"),
            }
            if form.value("decision"):
                body["decision"] = {
                    "action": form.value("decision"),
                    "consents": form.values_of("consents"),
                }
            outcome = await post(case_id, "/breaches", person, body)
            request.session[f"ladder:{case_id}"] = outcome
            return outcome

        return await act(request, case_id, "breach", call, "ladder")

    @api.post("/summons")
    async def summon(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            return await post(case_id, "/breach-summonses", person, {"starts_at": moment(form)})

        return await act(request, case_id, "summons", call, "ladder")

    @api.post("/conversation")
    async def hold_conversation(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {"held_on": form.value("held_on"), "attended": checked(form, "attended")}
            return await post(case_id, "/breach-conversations", person, body)

        return await act(request, case_id, "conversation", call, "ladder")

    return api
