"""A case as referral holds it — its status, the days since receipt (§10: as soon as
possible), a rejection's provision, a pending move, the audit trail — with the leader's
suitability decision and the move to another office; and filing a civil case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.adapters.identity import Person
from desk.adapters.suite_api import Forbidden, Refusal, Refused
from desk.entrypoints.cases import YOUTH_REACTIONS
from desk.entrypoints.mediation_forms import checked
from desk.entrypoints.sign_in import OFFICES
from desk.entrypoints.web import (
    Form,
    answered,
    form_of,
    language,
    norwegian_date,
    norwegian_datetime,
    see_other,
    signed_in,
)
from desk.labels import label
from desk.parts import Desk

PLACEMENT: dict[str, dict[str, str]] = {
    "suitability": {"§10": "reasons"},
    "move": {"§13": "to_office"},
    "civil": {"§11": "claimant_consents", "§10": "harm", "§1": "harm"},
}
HARMS = ("harm", "loss", "violation", "none")
SUBMITTERS = ("party", "public_agency")


def civil_case(form: Form) -> dict[str, Any]:
    def party(prefix: str) -> dict[str, Any]:
        return {
            "name": form.value(f"{prefix}_name"),
            "birth_date": form.value(f"{prefix}_birth_date") or None,
            "municipality": form.value(f"{prefix}_municipality"),
            "consents": checked(form, f"{prefix}_consents"),
            "email": form.value(f"{prefix}_email") or None,
        }

    return {
        "sender_reference": form.value("sender_reference"),
        "submitted_by": form.value("submitted_by", "party"),
        "submitter": form.value("submitter"),
        "harm": form.value("harm", "harm"),
        "incident_date": form.value("incident_date") or None,
        "claimant": party("claimant"),
        "respondents": [party("respondent")],
    }


def router(desk: Desk) -> APIRouter:
    api = APIRouter()
    referral = desk.api.referral

    async def show(
        request: Request, case_id: str, person: Person, form: Form | None = None
    ) -> Response:
        case = await referral.get(f"/cases/{case_id}", person.token)
        audit = await referral.get(f"/cases/{case_id}/audit", person.token)
        lang = language(request)
        work = None
        if case["status"] == "registered":
            work = f"/{'youth' if case['reaction'] in YOUTH_REACTIONS else 'mediation'}/{case_id}"
        return desk.pages.render(
            request,
            "referral_case.html",
            status_code=422 if form is not None and form.has_refusals else 200,
            case=case,
            audit=audit,
            work=work,
            form=form,
            leader=person.has("office_leader"),
            offices=[(o, o) for o in OFFICES if o != case["office"]],
            date=norwegian_date,
            datetime=norwegian_datetime,
            lang=lang,
        )

    @api.get("/cases/{case_id}")
    async def page(request: Request, case_id: str) -> Response:
        return await show(request, case_id, signed_in(request))

    async def act(
        request: Request,
        case_id: str,
        name: str,
        call: Callable[[Person, Form], Awaitable[Any]],
    ) -> Response:
        person = signed_in(request, f"/cases/{case_id}")
        form = await form_of(request, name)
        return await answered(
            call(person, form),
            form,
            PLACEMENT[name],
            lambda form: show(request, case_id, person, form),
            f"/cases/{case_id}",
        )

    @api.post("/cases/{case_id}/suitability")
    async def decide(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {"suitable": form.value("suitable") == "yes", "reasons": form.value("reasons")}
            return await referral.post(f"/cases/{case_id}/suitability", person.token, body)

        return await act(request, case_id, "suitability", call)

    @api.post("/cases/{case_id}/move")
    async def move(request: Request, case_id: str) -> Response:
        async def call(person: Person, form: Form) -> Any:
            body = {
                "to_office": form.value("to_office"),
                "parties_heard": checked(form, "parties_heard"),
                "prosecution_agrees": checked(form, "prosecution_agrees"),
                "reason": form.value("reason"),
            }
            return await referral.post(f"/cases/{case_id}/move", person.token, body)

        return await act(request, case_id, "move", call)

    def civil_page(request: Request, form: Form | None) -> Response:
        lang = language(request)
        return desk.pages.render(
            request,
            "civil_case.html",
            status_code=422 if form is not None and form.has_refusals else 200,
            form=form,
            harms=[(h, label(f"harm_{h}", lang)) for h in HARMS],
            submitters=[(s, label(f"submitted_by_{s}", lang)) for s in SUBMITTERS],
        )

    @api.get("/civil-cases/new")
    async def new_civil_case(request: Request) -> Response:
        signed_in(request)
        return civil_page(request, None)

    @api.post("/civil-cases")
    async def file_civil_case(request: Request) -> Response:
        person = signed_in(request, "/civil-cases/new")
        form = await form_of(request, "civil")
        try:
            case = await referral.post("/civil-cases", person.token, civil_case(form))
        except Refused as refused:
            return civil_page(request, form.refused(refused.refusals, PLACEMENT["civil"]))
        except Forbidden as forbidden:
            form.general.append(Refusal(reason=forbidden.detail))
            return civil_page(request, form)
        return see_other(f"/cases/{case['case_id']}")

    return api
