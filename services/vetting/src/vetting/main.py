"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.runtime import create_runtime, create_service_app
from vetting import views
from vetting.adapters import orm
from vetting.bootstrap import bootstrap
from vetting.config import VettingSettings
from vetting.entrypoints import api, consumers

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: VettingSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or VettingSettings()
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock or SystemClock())
    bus = bootstrap(runtime)
    consumers.register(runtime, bus)
    authenticate = authenticator_from_settings(settings)
    return create_service_app(
        runtime,
        title="Konfliktrådet vetting service",
        description="Mediator appointment: the requirements of §§5–7 and the four-year term.",
        migrations=MIGRATIONS,
        routers=[api.router(bus, views.mediator_reader(runtime.sessions), authenticate)],
    )


def run() -> None:
    settings = VettingSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)
