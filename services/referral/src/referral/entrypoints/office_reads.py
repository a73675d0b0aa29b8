"""The office leader's figures of the office's intake: counts and averages, nothing personal."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from konfliktrad_shared.auth import Principal
from referral.domain import figures
from referral.views import CaseViews


def router(views: CaseViews, authenticate: Any) -> APIRouter:
    api = APIRouter(tags=["figures"])
    Leader = Annotated[Principal, Depends(authenticate("office_leader"))]

    @api.get("/figures")
    async def office_figures(who: Leader) -> dict[str, Any]:
        """Cases received by kind and closed at intake (rejected, withdrawn) per month, with
        the days from receipt to closure, beside the long-standing average (Prop. 57 L)."""
        office = who.office or ""
        return figures.per_month(office, await views.intake_facts(office))

    return api
