"""Signing in and out, and the choice of language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from desk.adapters.identity import DevelopmentIdentity, Person
from desk.entrypoints.web import LANGUAGES, form_of, see_other
from desk.labels import label
from desk.parts import Desk

# The development personas: the roles a person in that job holds. A youth coordinator and
# an office leader also hold case_officer, which is what lets them list the office's cases.
PERSONAS: dict[str, tuple[str, ...]] = {
    "office_leader": ("office_leader", "case_officer"),
    "case_officer": ("case_officer",),
    "mediator": ("mediator",),
    "youth_coordinator": ("youth_coordinator", "case_officer"),
    "appointment_committee": ("appointment_committee",),
}
OFFICES = ("konfliktradet-oslo", "konfliktradet-bergen", "konfliktradet-trondheim")


def safe_return(target: object) -> str:
    """Only a path on the desk itself, so the sign-in cannot be used to send people away."""
    path = str(target or "/")
    return path if path.startswith("/") and not path.startswith("//") else "/"


def router(desk: Desk) -> APIRouter:
    api = APIRouter()

    @api.get("/sign-in", response_class=HTMLResponse)
    async def sign_in_page(request: Request, next: str = "/") -> HTMLResponse:
        lang = request.session.get("language", "nb")
        return desk.pages.render(
            request,
            "sign_in.html",
            next=safe_return(next),
            personas=[(p, label(p, lang)) for p in PERSONAS],
            offices=[(o, o) for o in OFFICES],
        )

    if desk.development is not None:
        identity: DevelopmentIdentity = desk.development

        @api.post("/sign-in")
        async def development_sign_in(request: Request) -> RedirectResponse:
            form = await form_of(request, "sign-in")
            roles = PERSONAS.get(str(form.value("persona")), ())
            office = str(form.value("office"))
            subject = str(form.value("subject")).strip()
            if not roles or office not in OFFICES or not subject:
                return see_other("/sign-in")
            remember(request, identity.sign_in(subject, roles, office))
            return see_other(safe_return(form.value("next")))

    if desk.provider is not None:
        client: Any = desk.provider.create_client("staff")
        callback = f"{desk.settings.public_url.rstrip('/')}/sign-in/callback"

        @api.get("/sign-in/provider")
        async def to_provider(request: Request, next: str = "/") -> Any:
            request.session["return_to"] = safe_return(next)
            return await client.authorize_redirect(request, callback)

        @api.get("/sign-in/callback")
        async def from_provider(request: Request) -> RedirectResponse:
            answer = await client.authorize_access_token(request)
            name = (answer.get("userinfo") or {}).get("name")
            remember(request, Person.from_token(answer["access_token"], name))
            return see_other(safe_return(request.session.pop("return_to", "/")))

    @api.post("/sign-out")
    async def sign_out(request: Request) -> RedirectResponse:
        lang = request.session.get("language")
        request.session.clear()
        if lang:
            request.session["language"] = lang
        return see_other("/sign-in")

    @api.post("/language")
    async def choose_language(request: Request) -> RedirectResponse:
        form = await form_of(request, "language")
        if form.value("language") in LANGUAGES:
            request.session["language"] = form.value("language")
        return see_other(safe_return(form.value("return_to")))

    return api


def remember(request: Request, person: Person) -> None:
    request.session["token"] = person.token
    request.session["name"] = person.name
