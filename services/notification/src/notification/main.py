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
from notification.adapters.agency import AgencyInbox, RetryPolicy
from notification.adapters.channels import (
    ChannelRouter,
    DeliveryReports,
    HttpNotices,
    ReceiptTokens,
    SmtpNotices,
)
from notification.adapters.letters import TemplateLetters
from notification.adapters.outbound import agency_channel, notice_channel
from notification.adapters.outbound_security import agency_credentials, mail_transport
from notification.adapters.register import HttpContactRegister
from notification.bootstrap import bootstrap, contact_seal
from notification.config import (
    AgencyAdapterSettings,
    CorrectionalAdapterSettings,
    NotificationSettings,
    ProsecutionAdapterSettings,
)
from notification.domain.channels import Channel
from notification.entrypoints import agency_consumers, consumers, receipts

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or NotificationSettings()
    cipher, indexer = field_crypto(settings)
    seal = contact_seal(settings)
    tokens = ReceiptTokens(settings.digital_mailbox_receipt_url, indexer)
    client = httpx.AsyncClient(timeout=settings.http_timeout_seconds)
    reports = DeliveryReports()

    def http(endpoint: str, receipts: ReceiptTokens | None = None) -> HttpNotices:
        return HttpNotices(
            client=client, endpoint=endpoint, cipher=cipher, reports=reports, receipts=receipts
        )

    channels: dict[str, Publisher] = {
        notice_channel(Channel.EMAIL): SmtpNotices(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.mail_from,
            transport=mail_transport(settings),
            cipher=cipher,
            reports=reports,
        ),
        notice_channel(Channel.SMS): http(settings.sms_endpoint),
        notice_channel(Channel.DIGITAL_MAILBOX): http(settings.digital_mailbox_endpoint, tokens),
    }
    runtime = create_runtime(
        settings,
        tables=orm.plumbing,
        clock=clock or SystemClock(),
        route_outbox=lambda kafka: ChannelRouter(kafka, channels),
    )
    endpoint = settings.contact_register_endpoint
    register = HttpContactRegister(client, endpoint) if endpoint else None
    bus = bootstrap(runtime, cipher, register, TemplateLetters())
    reports.bus = bus
    consumers.register(runtime, bus, seal)
    return create_service_app(
        runtime,
        title="Konfliktrådet notification service",
        description="Tells parties and guardians what the Act says they must be told.",
        migrations=MIGRATIONS,
        routers=[receipts.router(bus, tokens)],
        on_shutdown=[reports.drain, client.aclose],
    )


def create_agency_adapter(settings: AgencyAdapterSettings, clock: Clock | None = None) -> FastAPI:
    cipher, _ = field_crypto(settings)
    # Checked before anything else is built: an adapter that cannot deliver securely stops.
    credentials = agency_credentials(settings)
    client = httpx.AsyncClient(timeout=settings.agency_timeout_seconds, verify=credentials.tls)
    policy = RetryPolicy(
        first_backoff_seconds=settings.agency_first_backoff_seconds,
        max_backoff_seconds=settings.agency_max_backoff_seconds,
    )

    clock = clock or SystemClock()

    def route(kafka: Publisher) -> Publisher:
        inbox = AgencyInbox(
            client=client,
            endpoint=settings.agency_endpoint,
            signer=credentials.signer,
            policy=policy,
        )
        return ChannelRouter(kafka, {agency_channel(settings.agency): inbox})

    runtime = create_runtime(settings, tables=orm.plumbing, clock=clock, route_outbox=route)
    agency_consumers.register(runtime, bootstrap(runtime, cipher), settings.agency)
    return create_service_app(
        runtime,
        title=f"Konfliktrådet {settings.agency.value} adapter",
        description=f"Delivers every event on the {settings.agency.value} topic to its inbox.",
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
