"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.deadlines import DeadlineTicker
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.runtime import create_runtime, create_service_app
from mediation import views
from mediation.adapters import orm
from mediation.bootstrap import bootstrap
from mediation.config import MediationSettings
from mediation.deadline_firing import firing
from mediation.domain.model import NotFound
from mediation.entrypoints import api, consumers
from mediation.movable_clock import MovableClock, movable_clock_router

MIGRATIONS = Path(__file__).parent / "migrations"


async def _not_found(_request: Request, exc: Exception) -> Response:
    return JSONResponse(status_code=404, content={"detail": str(exc)})


def create_app(settings: MediationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or MediationSettings()
    movable = MovableClock() if settings.test_clock_enabled and clock is None else None
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock or movable or SystemClock())
    cipher, _indexer = field_crypto(settings)
    bus = bootstrap(runtime, cipher)
    consumers.register(runtime, bus)
    authenticate = authenticator_from_settings(settings)
    ticker = DeadlineTicker(
        engine=runtime.engine,
        deadlines=runtime.tables.deadlines,
        clock=runtime.clock,
        fire=firing(bus),
        poll_seconds=settings.deadline_poll_seconds,
        # SQLite has one writer: the ticker's own mark of a fired row holds it, so a second
        # deadline's handler in the same batch would wait on it forever. One per pass there.
        batch_size=1 if settings.uses_sqlite else 100,
    )
    routers = [
        api.router(
            views.roster_reader(runtime.sessions),
            views.case_reader(runtime.sessions),
            views.notes_reader(runtime.sessions, cipher),
            views.cases_lister(runtime.sessions),
            bus,
            authenticate,
        )
    ]
    if movable is not None:
        routers.append(movable_clock_router(movable, authenticate))
    app = create_service_app(
        runtime,
        title="Konfliktrådet mediation service",
        description="Mediation cases (meetings, agreements, the §18 withdrawal period, "
        "reports to the prosecution) and each office's roster of mediators.",
        migrations=MIGRATIONS,
        routers=routers,
        background=[ticker.run],
        exception_handlers={NotFound: _not_found},
    )
    app.state.bus = bus
    app.state.ticker = ticker
    return app


def run() -> None:
    settings = MediationSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=settings.log_config(),
    )
