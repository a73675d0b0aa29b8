"""Entry points: the notification service, and the two agency adapters, each its own process.

`create_app()` builds everything; nothing happens at import time.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.outbox_relay import Publisher
from konfliktrad_shared.runtime import create_runtime, create_service_app
from notification.adapters import orm
from notification.adapters.channels import AgencyInbox, ChannelRouter, SmtpLetters
from notification.adapters.outbound import AGENCY_CHANNEL, MAIL_CHANNEL
from notification.bootstrap import bootstrap
from notification.config import (
    AgencyAdapterSettings,
    CorrectionalAdapterSettings,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.entrypoints import agency_consumers, consumers

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or NotificationSettings()
    cipher, _ = field_crypto(settings)
    smtp = SmtpLetters(
        host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from, cipher=cipher
    )

    def route(kafka: Publisher) -> Publisher:
        return ChannelRouter(kafka, {MAIL_CHANNEL: smtp})

    runtime = create_runtime(
        settings, tables=orm.plumbing, clock=clock or SystemClock(), route_outbox=route
    )
    consumers.register(runtime, bootstrap(runtime, cipher))
    return create_service_app(
        runtime,
        title="Konfliktrådet notification service",
        description="Tells parties and guardians of their case's course, by e-mail.",
        migrations=MIGRATIONS,
        routers=[],
    )


def create_agency_adapter(settings: AgencyAdapterSettings, clock: Clock | None = None) -> FastAPI:
    cipher, _ = field_crypto(settings)
    client = httpx.AsyncClient(timeout=settings.agency_timeout_seconds)
    inbox = AgencyInbox(client, settings.agency_endpoint)

    def route(kafka: Publisher) -> Publisher:
        return ChannelRouter(kafka, {AGENCY_CHANNEL: inbox})

    runtime = create_runtime(
        settings, tables=orm.plumbing, clock=clock or SystemClock(), route_outbox=route
    )
    agency_consumers.register(runtime, bootstrap(runtime, cipher), settings.agency)

    return create_service_app(
        runtime,
        title=f"Konfliktrådet {settings.agency.value} adapter",
        description=f"Delivers the events on the {settings.agency.value} topic to its inbox.",
        migrations=MIGRATIONS,
        routers=[],
        on_shutdown=[client.aclose],
    )


def run() -> None:
    settings = NotificationSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)


def run_prosecution_adapter() -> None:
    _run_adapter(ProsecutionAdapterSettings())


def run_correctional_adapter() -> None:
    _run_adapter(CorrectionalAdapterSettings())


def _run_adapter(settings: AgencyAdapterSettings) -> None:
    uvicorn.run(create_agency_adapter(settings), host=settings.http_host, port=settings.http_port)
