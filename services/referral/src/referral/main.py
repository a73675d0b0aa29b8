"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.auth import authenticator_from_settings
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.runtime import create_runtime, create_service_app
from referral import views
from referral.adapters import orm
from referral.bootstrap import bootstrap
from referral.config import ReferralSettings
from referral.entrypoints import api, consumers, office_reads

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: ReferralSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or ReferralSettings()
    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock or SystemClock())
    cipher, indexer = field_crypto(settings)
    seal = ContactSeal.from_setting(settings.contact_keys, embedded=settings.uses_sqlite)
    bus = bootstrap(runtime, cipher, indexer, seal)
    consumers.register(runtime, bus, settings)
    case_views = views.CaseViews(runtime.sessions, cipher, indexer)
    authenticate = authenticator_from_settings(settings)
    return create_service_app(
        runtime,
        title="Konfliktrådet referral service",
        description="Intake: every way a case reaches the office, checked against the Act.",
        migrations=MIGRATIONS,
        routers=[
            api.router(
                bus,
                case_views,
                runtime.clock,
                authenticate,
                allow_synthetic=settings.accept_synthetic_national_ids,
            ),
            office_reads.router(case_views, authenticate),
        ],
        exception_handlers=api.EXCEPTION_HANDLERS,
    )


def run() -> None:
    settings = ReferralSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=settings.log_config(),
    )
