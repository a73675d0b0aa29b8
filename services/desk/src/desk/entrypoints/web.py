"""What every page shares: who is signed in, the language, Norwegian dates, and a form that
keeps the person's input and shows each refusal beside the field it concerns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from desk.adapters.identity import Person
from desk.adapters.suite_api import Forbidden, Refusal, Refused
from desk.labels import label
from desk.texts import text

OSLO = ZoneInfo("Europe/Oslo")
LANGUAGES = ("nb", "en")
MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


class SignInNeeded(Exception):
    """No one is signed in, or their sign-in ran out: back to where they were afterwards."""

    def __init__(self, return_to: str) -> None:
        super().__init__(return_to)
        self.return_to = return_to


def sign_in_redirect(return_to: str) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={quote(return_to, safe='/')}", status_code=303)


def language(request: Request) -> str:
    chosen = request.session.get("language")
    return chosen if chosen in LANGUAGES else "nb"


def signed_in(request: Request, return_to: str | None = None) -> Person:
    token = request.session.get("token")
    if token:
        person = Person.from_token(token, request.session.get("name"))
        if not person.expired:
            return person
    raise SignInNeeded(return_to or request.url.path)


def in_oslo(moment: datetime | str) -> datetime:
    """A moment in Norwegian time; one without a zone was written in UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(OSLO)


def as_oslo(moment: datetime | str | None) -> datetime | None:
    return None if moment is None else in_oslo(moment)


def norwegian_date(value: date | datetime | str | None) -> str:
    """01.12.2026, as Norwegians write a date in a table."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = as_oslo(value) or value
    return value.strftime("%d.%m.%Y")


def norwegian_datetime(value: datetime | str | None) -> str:
    """01.12.2026 kl. 14.30, Norwegian time."""
    moment = as_oslo(value)
    return "–" if moment is None else moment.strftime("%d.%m.%Y kl. %H.%M")


def long_date(value: date | str | None, lang: str) -> str:
    if value is None:
        return "–"
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if lang == "en":
        return day.strftime("%-d %B %Y")
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


@dataclass
class Form:
    """One form's input as the person typed it, and the refusals to show beside its fields.
    `placement` maps a provision (or a part of one) to the field it concerns, so a rule's
    refusal lands beside that field; the rest are shown at the top of the form."""

    name: str
    values: dict[str, Any] = field(default_factory=dict)
    by_field: dict[str, Refusal] = field(default_factory=dict)
    general: list[Refusal] = field(default_factory=list)

    def value(self, key: str, default: Any = "") -> Any:
        return self.values.get(key, default)

    def values_of(self, key: str) -> list[str]:
        found = self.values.get(key, [])
        return found if isinstance(found, list) else [found]

    def refused(self, refusals: list[Refusal], placement: dict[str, str]) -> Form:
        for refusal in refusals:
            where = refusal.field or next(
                (f for basis, f in placement.items() if basis in (refusal.legal_basis or "")),
                None,
            )
            if where is not None and where not in self.by_field:
                self.by_field[where] = refusal
            else:
                self.general.append(refusal)
        return self

    @property
    def has_refusals(self) -> bool:
        return bool(self.by_field or self.general)


async def form_of(request: Request, name: str) -> Form:
    submitted = await request.form()
    values: dict[str, Any] = {}
    for key in submitted:
        many = [str(v) for v in submitted.getlist(key)]
        values[key] = many if len(many) > 1 or key.endswith("[]") else many[0]
    return Form(name, {k.removesuffix("[]"): v for k, v in values.items()})


class Pages:
    def __init__(self, templates: Jinja2Templates, development_sign_in: bool) -> None:
        self.templates = templates
        self.development_sign_in = development_sign_in

    def render(
        self, request: Request, template: str, *, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = language(request)
        token = request.session.get("token")
        person = Person.from_token(token, request.session.get("name")) if token else None
        return self.templates.TemplateResponse(
            request,
            template,
            {
                "lang": lang,
                "t": lambda key: text(key, lang),
                "label": lambda code: label(code, lang),
                "long_date": lambda value: long_date(value, lang),
                "person": person,
                "development_sign_in": self.development_sign_in,
                **context,
            },
            status_code=status_code,
        )


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def answered(
    attempt: Awaitable[Any],
    form: Form,
    placement: dict[str, str],
    reshow: Callable[[Form], Awaitable[Response]],
    done: str,
) -> Response:
    """A form's answer from the service: on to `done` when it acted; otherwise the page again,
    the person's input kept and each refusal beside the field it concerns."""
    try:
        await attempt
    except Refused as refused:
        form.refused(refused.refusals, placement)
        return await reshow(form)
    except Forbidden as forbidden:
        form.general.append(Refusal(reason=forbidden.detail))
        return await reshow(form)
    return see_other(done)
