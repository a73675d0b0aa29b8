"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from desk.bootstrap import STATIC, bootstrap
from desk.config import DeskSettings
from desk.entrypoints import (
    cases,
    committee_pages,
    errors,
    figures_pages,
    health,
    mediation_pages,
    referral_pages,
    sign_in,
    youth_pages,
)


def create_app(
    settings: DeskSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    settings = settings or DeskSettings()
    desk = bootstrap(settings, transport)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await desk.http.aclose()

    app = FastAPI(title="Konfliktrådet desk", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=desk.session_secret,
        session_cookie="desk_session",
        same_site="lax",
        # Over plain HTTP only on the developer's loopback; everywhere else the cookie
        # that carries the person's token never leaves TLS.
        https_only=desk.development is None,
        max_age=8 * 3600,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        health,
        sign_in,
        cases,
        referral_pages,
        mediation_pages,
        youth_pages,
        committee_pages,
        figures_pages,
    ):
        app.include_router(module.router(desk))
    errors.register(app, desk)
    return app


def run() -> None:
    settings = DeskSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)
