"""The appointment committee's pages: applications with vetting's §§5–7 findings (and, for
someone excluded, the date from which they would be eligible), appointments and terms,
revocations, and coverage and composition per municipality. vetting decides all of it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.adapters.identity import Person
from desk.adapters.suite_api import Forbidden, Refusal, Refused
from desk.entrypoints.mediation_forms import checked
from desk.entrypoints.web import (
    Form,
    form_of,
    language,
    long_date,
    norwegian_date,
    see_other,
    signed_in,
)
from desk.labels import label
from desk.parts import Desk

REQUIREMENTS = (
    "citizenship_or_residence", "suitability", "lives_in_municipality", "record", "position",
)  # fmt: skip
PLACEMENT = {
    "application": {"§5": "suitable", "§6": "citizenship", "§7": "record"},
    "appointment": {"§4": "municipal_member"},
    "revocation": {"": "requirement"},
}


def application(form: Form, office: str) -> dict[str, Any]:
    return {
        "office": office,
        "municipality": form.value("municipality"),
        "candidate": {
            "name": form.value("name"),
            "birth_date": form.value("birth_date") or None,
            "citizenship": form.value("citizenship", "NO"),
            "resident_since": form.value("resident_since") or None,
            "police_certificate_received_on": form.value("police_certificate_received_on") or None,
            "lives_in_municipality": checked(form, "lives_in_municipality"),
            "suitable": checked(form, "suitable"),
        },
    }


def router(desk: Desk) -> APIRouter:
    api = APIRouter(prefix="/committee")
    vetting = desk.api.vetting

    def render(request: Request, template: str, form: Form | None, **context: Any) -> Response:
        lang = language(request)
        return desk.pages.render(
            request,
            template,
            status_code=422 if form is not None and form.has_refusals else 200,
            form=form,
            date=norwegian_date,
            long=lambda value: long_date(value, lang),
            requirements=[(r, label(f"requirement_{r}", lang)) for r in REQUIREMENTS],
            **context,
        )

    async def overview(request: Request, person: Person, form: Form | None = None) -> Response:
        mediators = await vetting.get("/mediators", person.token)
        coverage = await vetting.get("/coverage", person.token)
        composition = await vetting.get("/composition", person.token)
        return render(
            request,
            "committee.html",
            form,
            mediators=mediators,
            coverage=coverage,
            composition=composition,
        )

    @api.get("")
    async def page(request: Request) -> Response:
        return await overview(request, signed_in(request))

    @api.get("/applications/new")
    async def new_application(request: Request) -> Response:
        signed_in(request)
        return render(request, "application.html", None, assessed=None)

    @api.post("/applications")
    async def submit(request: Request) -> Response:
        person = signed_in(request, "/committee/applications/new")
        form = await form_of(request, "application")
        try:
            body = application(form, person.office or "")
            assessed = await vetting.post("/applications", person.token, body)
        except (Refused, Forbidden) as refused:
            refusals = refused.refusals if isinstance(refused, Refused) else [
                Refusal(reason=refused.detail)
            ]  # fmt: skip
            form.refused(refusals, PLACEMENT["application"])
            return render(request, "application.html", form, assessed=None)
        return see_other(f"/committee/applications/{assessed['application_id']}")

    @api.get("/applications/{application_id}")
    async def assessed_application(request: Request, application_id: str) -> Response:
        person = signed_in(request)
        assessed = await vetting.get(f"/applications/{application_id}", person.token)
        return render(request, "application.html", None, assessed=assessed)

    @api.post("/applications/{application_id}/appointment")
    async def appoint(request: Request, application_id: str) -> Response:
        person = signed_in(request, f"/committee/applications/{application_id}")
        form = await form_of(request, "appointment")
        body = {
            "committee": {
                "municipal_member": form.value("municipal_member"),
                "police_member": form.value("police_member"),
                "office_leader": form.value("office_leader"),
            }
        }
        tail = f"/applications/{application_id}/appointment"
        try:
            await vetting.post(tail, person.token, body)
        except Refused as refused:
            form.refused(refused.refusals, PLACEMENT["appointment"])
            assessed = await vetting.get(f"/applications/{application_id}", person.token)
            return render(request, "application.html", form, assessed=assessed)
        return see_other("/committee")

    @api.post("/mediators/{mediator_id}/revocations")
    async def revoke(request: Request, mediator_id: str) -> Response:
        person = signed_in(request, "/committee")
        form = await form_of(request, "revocation")
        body = {"requirement": form.value("requirement"), "self_reported": False}
        try:
            await vetting.post(f"/mediators/{mediator_id}/revocations", person.token, body)
        except Refused as refused:
            form.refused(refused.refusals, PLACEMENT["revocation"])
            return await overview(request, person, form)
        return see_other("/committee")

    return api
