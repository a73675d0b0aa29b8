"""Liveness and readiness, as every process of the suite answers them."""

from __future__ import annotations

from fastapi import APIRouter

from desk.parts import Desk


def router(_: Desk) -> APIRouter:
    api = APIRouter()

    @api.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/readyz", include_in_schema=False)
    async def readyz() -> dict[str, str]:
        # The desk keeps no state: it is ready when it answers; a service that is down
        # shows on the page that needs it.
        return {"status": "ready"}

    return api
