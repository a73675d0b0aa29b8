"""The office's figures for the office leader, and the same figures as CSV for the
secretariat. mediation computes them from the cases it owns (counts and averages only)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from desk.bootstrap import Desk
from desk.entrypoints.web import language, signed_in
from desk.labels import label

OUTCOMES = ("fulfilled", "breached", "no_agreement", "not_held")
KINDS = ("criminal", "civil")


def decimal(value: float | None) -> str:
    """A Norwegian decimal comma; an empty cell where there is nothing to average."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "month": month["month"],
            **{f"received_{k}": month["received"].get(k, 0) for k in KINDS},
            **{f"closed_{o}": month["closed"].get(o, 0) for o in OUTCOMES},
            "days_to_first_meeting": decimal(month["mean_days_to_first_meeting"]),
            "days_to_closure": decimal(month["mean_days_to_closure"]),
        }
        for month in figures["months"]
    ]


def router(desk: Desk) -> APIRouter:
    api = APIRouter(prefix="/figures")
    mediation = desk.api.mediation

    @api.get("")
    async def page(request: Request) -> Response:
        person = signed_in(request)
        figures = await mediation.get("/figures", person.token)
        lang = language(request)
        return desk.pages.render(
            request,
            "figures.html",
            figures=figures,
            rows=rows(figures),
            kinds=[(k, label(k, lang)) for k in KINDS],
            outcomes=[(o, label(f"outcome_{o}", lang)) for o in OUTCOMES],
        )

    @api.get(".csv")
    async def as_csv(request: Request) -> Response:
        person = signed_in(request, "/figures")
        figures = await mediation.get("/figures", person.token)
        found = rows(figures)
        out = io.StringIO()
        # Semicolons and decimal commas: what a Norwegian spreadsheet opens as columns.
        columns = [
            "month",
            *(f"received_{k}" for k in KINDS),
            *(f"closed_{o}" for o in OUTCOMES),
            "days_to_first_meeting",
            "days_to_closure",
        ]
        writer = csv.DictWriter(out, fieldnames=columns, delimiter=";")
        writer.writeheader()
        writer.writerows(found)
        filename = f"konfliktradet-{figures['office']}-tall.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    return api
