"""The notification service and the two agency adapters as declarations: what each handles,
consumes and publishes, and where its outbox rows go (mail, SMS, digital post, an agency)."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import APIRouter

from konfliktrad_shared.assembly import Assembled, Outlets, Service
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.data_subject import case_parties_router
from konfliktrad_shared.field_keys import field_crypto
from konfliktrad_shared.outbox_relay import Publisher
from notification import data_subject, handlers
from notification.adapters import orm, outbound, retention
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
from notification.adapters.unit_of_work import NotificationUnitOfWork
from notification.config import AgencyAdapterSettings, NotificationSettings
from notification.domain.channels import Channel
from notification.entrypoints import agency_consumers, consumers, receipts

SOURCE = "urn:konfliktrad:notification"
MIGRATIONS = Path(__file__).parent / "migrations"


def contact_seal(settings: NotificationSettings) -> ContactSeal:
    """Only the notification service proper opens sealed contacts; the agency adapters,
    which run from the same package, never hold the contact keys."""
    return ContactSeal.from_setting(settings.contact_keys, embedded=settings.uses_sqlite)


def declare(settings: NotificationSettings, clock: Clock | None = None) -> Service:
    cipher, indexer = field_crypto(settings)
    tokens = ReceiptTokens(settings.digital_mailbox_receipt_url, indexer)
    client = httpx.AsyncClient(timeout=settings.http_timeout_seconds)
    endpoint = settings.contact_register_endpoint

    def channels(kafka: Publisher, outlets: Outlets) -> Publisher:
        reports = DeliveryReports(outlets.bus)
        outlets.on_shutdown.insert(0, reports.drain)  # before the client they use is closed

        def http(endpoint: str, receipts: ReceiptTokens | None = None) -> HttpNotices:
            return HttpNotices(
                client=client, endpoint=endpoint, cipher=cipher, reports=reports, receipts=receipts
            )

        email = SmtpNotices(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.mail_from,
            transport=mail_transport(settings),
            cipher=cipher,
            reports=reports,
        )
        return ChannelRouter(
            kafka,
            {
                notice_channel(Channel.EMAIL): email,
                notice_channel(Channel.SMS): http(settings.sms_endpoint),
                notice_channel(Channel.DIGITAL_MAILBOX): http(
                    settings.digital_mailbox_endpoint, tokens
                ),
            },
        )

    def routers(assembled: Assembled) -> list[APIRouter]:
        return [
            receipts.router(assembled.bus, tokens),
            case_parties_router(
                data_subject.holdings_reader(assembled.runtime.sessions, cipher),
                lambda: assembled.authenticate,
                assembled.read_log,
            ),
        ]

    return Service(
        settings=settings,
        clock=clock or SystemClock(),
        title="Konfliktrådet notification service",
        description="Tells parties and guardians what the Act says they must be told.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        unit_of_work=NotificationUnitOfWork,
        source=SOURCE,
        outbound=outbound.translator(cipher),
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=consumers.consumed(contact_seal(settings)),
        produces=consumers.PRODUCES,
        dependencies={
            "cipher": cipher,
            "register": HttpContactRegister(client, endpoint) if endpoint else None,
            "letters": TemplateLetters(),
        },
        route_outbox=channels,
        routers=routers,
        erasures=retention.ERASURES,
        on_shutdown=[client.aclose],
    )


def sending_budget(settings: AgencyAdapterSettings) -> float | None:
    """How long a relay batch may go on starting deliveries: its lease, less the longest one
    delivery can take (httpx's timeout holds for each of connect, write and read), so the
    last one started ends before another replica may claim the rows."""
    lease = settings.outbox_lease_seconds
    if lease is None:
        return None
    return max(0.0, lease - 3 * settings.agency_timeout_seconds)


def declare_agency_adapter(settings: AgencyAdapterSettings, clock: Clock | None = None) -> Service:
    """Delivers every event on the agency's topic to its inbox, signed, over mutual TLS."""
    cipher, _ = field_crypto(settings)
    # Checked before anything else is built: an adapter that cannot deliver securely stops.
    credentials = agency_credentials(settings)
    client = httpx.AsyncClient(timeout=settings.agency_timeout_seconds, verify=credentials.tls)
    clock = clock or SystemClock()
    policy = RetryPolicy(
        first_backoff_seconds=settings.agency_first_backoff_seconds,
        max_backoff_seconds=settings.agency_max_backoff_seconds,
    )

    def agency_inbox(kafka: Publisher, _outlets: Outlets) -> Publisher:
        inbox = AgencyInbox(
            client=client,
            endpoint=settings.agency_endpoint,
            signer=credentials.signer,
            agency=settings.agency.value,
            policy=policy,
            send_for_at_most=sending_budget(settings),
        )
        return ChannelRouter(kafka, {agency_channel(settings.agency): inbox})

    return Service(
        settings=settings,
        clock=clock,
        title=f"Konfliktrådet {settings.agency.value} adapter",
        description=f"Delivers every event on the {settings.agency.value} topic to its inbox.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        unit_of_work=NotificationUnitOfWork,
        source=SOURCE,
        outbound=outbound.translator(cipher),
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=agency_consumers.consumed(settings.agency),
        dependencies={"cipher": cipher},
        route_outbox=agency_inbox,
        on_shutdown=[client.aclose],
    )
