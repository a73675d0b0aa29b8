"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.runtime import create_runtime, create_service_app
from mediation import views
from mediation.adapters import orm
from mediation.bootstrap import bootstrap
from mediation.config import MediationSettings
from mediation.entrypoints import api, consumers

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: MediationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or MediationSettings()
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock or SystemClock())
    bus = bootstrap(runtime)
    consumers.register(runtime, bus)
    authenticate = authenticator_from_settings(settings)
    return create_service_app(
        runtime,
        title="Konfliktrådet mediation service",
        description="Mediation and follow-up cases, and each office's roster of mediators.",
        migrations=MIGRATIONS,
        routers=[
            api.router(
                views.roster_reader(runtime.sessions),
                views.case_reader(runtime.sessions),
                authenticate,
            )
        ],
    )


def run() -> None:
    settings = MediationSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)
