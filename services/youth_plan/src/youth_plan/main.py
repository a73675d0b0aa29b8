"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.runtime import create_runtime, create_service_app
from youth_plan import views
from youth_plan.adapters import orm
from youth_plan.bootstrap import bootstrap, completion_ticker
from youth_plan.config import YouthPlanSettings
from youth_plan.entrypoints import api, consumers, office_reads

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: YouthPlanSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or YouthPlanSettings()
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock or SystemClock())
    bus = bootstrap(runtime)
    consumers.register(runtime, bus)
    ticker = completion_ticker(runtime, bus, settings.deadline_poll_seconds)
    authenticate = authenticator_from_settings(settings)
    return create_service_app(
        runtime,
        title="Konfliktrådet youth plan service",
        description="Youth follow-up, youth sentence and follow-up in the office (§36): plans "
        "and the breach ladder.",
        migrations=MIGRATIONS,
        routers=[
            api.router(bus, views.case_reader(runtime.sessions), authenticate),
            office_reads.router(
                views.case_reader(runtime.sessions),
                views.office_cases_lister(runtime.sessions),
                authenticate,
                runtime.clock,
            ),
        ],
        exception_handlers=api.EXCEPTION_HANDLERS,
        background=[ticker.run],
    )


def run() -> None:
    settings = YouthPlanSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=settings.log_config(),
    )
