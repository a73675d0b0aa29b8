"""The office's figures for the office leader, and the same figures as CSV for the
secretariat. Each service that owns cases computes its own (counts and averages only):
referral the intake (every case received, those closed at intake), mediation and youth_plan
the cases they handle. The desk puts them side by side, a row per month and service, and
adds nothing up: a case counted at intake is counted again where it is handled."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.adapters.identity import Person
from desk.adapters.suite_api import Forbidden
from desk.entrypoints.web import language, signed_in
from desk.labels import label
from desk.parts import Desk

SOURCES = ("referral", "mediation", "youth_plan")
KINDS = ("criminal", "civil", "youth_follow_up", "youth_sentence", "follow_up")
OUTCOMES = (
    "fulfilled", "breached", "no_agreement", "not_held",  # mediation
    "rejected", "withdrawn",  # referral, at intake
    "completed", "interrupted", "transferred", "no_plan",  # youth_plan
)  # fmt: skip
COLUMNS = [
    "month",
    "source",
    *(f"received_{k}" for k in KINDS),
    *(f"closed_{o}" for o in OUTCOMES),
    "days_to_first_meeting",
    "days_to_closure",
]


def decimal(value: float | None) -> str:
    """A Norwegian decimal comma; an empty cell where there is nothing to average."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def rows(figures: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A row per month and service, months in order, the services in SOURCES order."""
    found = [
        {
            "month": month["month"],
            "source": source,
            **{f"received_{k}": month["received"].get(k, 0) for k in KINDS},
            **{f"closed_{o}": month["closed"].get(o, 0) for o in OUTCOMES},
            "days_to_first_meeting": decimal(month["mean_days_to_first_meeting"]),
            "days_to_closure": decimal(month["mean_days_to_closure"]),
        }
        for source, answer in figures.items()
        for month in answer["months"]
    ]
    return sorted(found, key=lambda row: (row["month"], SOURCES.index(row["source"])))


def router(desk: Desk) -> APIRouter:
    api = APIRouter(prefix="/figures")

    async def gathered(person: Person) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for source in SOURCES:
            try:
                found[source] = await getattr(desk.api, source).get("/figures", person.token)
            except Forbidden:
                continue  # that service does not give this person its figures
        return found

    def office_of(figures: dict[str, dict[str, Any]]) -> str:
        return next((answer["office"] for answer in figures.values()), "")

    @api.get("")
    async def page(request: Request) -> Response:
        person = signed_in(request)
        figures = await gathered(person)
        lang = language(request)
        average = next((f["long_standing_average_days"] for f in figures.values()), 40)
        return desk.pages.render(
            request,
            "figures.html",
            office=office_of(figures),
            long_standing_average_days=average,
            rows=rows(figures),
            sources={s: label(f"source_{s}", lang) for s in SOURCES},
            kinds=[(k, label(k, lang)) for k in KINDS],
            outcomes=[(o, label(f"outcome_{o}", lang)) for o in OUTCOMES],
        )

    @api.get(".csv")
    async def as_csv(request: Request) -> Response:
        person = signed_in(request, "/figures")
        figures = await gathered(person)
        out = io.StringIO()
        # Semicolons and decimal commas: what a Norwegian spreadsheet opens as columns.
        writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows(figures))
        filename = f"konfliktradet-{office_of(figures)}-tall.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    return api
