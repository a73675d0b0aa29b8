"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.runtime import create_runtime, create_service_app
from vetting.adapters import orm
from vetting.bootstrap import bootstrap, deadline_ticker
from vetting.config import VettingSettings
from vetting.entrypoints import api, consumers
from vetting.views import Views

MIGRATIONS = Path(__file__).parent / "migrations"


class OffsetClock:
    """Another clock moved by a fixed offset: `clock_offset_days` for local runs and tests."""

    def __init__(self, clock: Clock, offset: timedelta) -> None:
        self._clock, self._offset = clock, offset

    def now(self) -> datetime:
        return self._clock.now() + self._offset


def create_app(settings: VettingSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or VettingSettings()
    clock = clock or SystemClock()
    if settings.clock_offset_days:
        clock = OffsetClock(clock, timedelta(days=settings.clock_offset_days))
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock)
    cipher, _indexer = field_crypto(settings)
    bus = bootstrap(runtime, cipher)
    consumers.register(runtime, bus)
    ticker = deadline_ticker(
        bus,
        engine=runtime.engine,
        deadlines=runtime.tables.deadlines,
        clock=runtime.clock,
        poll_seconds=settings.deadline_poll_seconds,
        batch_size=1 if settings.uses_sqlite else 100,
    )
    views = Views(runtime.sessions, cipher, runtime.clock)
    return create_service_app(
        runtime,
        title="Konfliktrådet vetting service",
        description="Mediators, youth coordinators and leaders: §§3–7, terms and revocations.",
        migrations=MIGRATIONS,
        routers=[api.router(bus, views, authenticator_from_settings(settings))],
        background=[ticker.run],
    )


def run() -> None:
    settings = VettingSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=settings.log_config(),
    )
