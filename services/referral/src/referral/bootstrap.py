"""The service as a declaration: what it handles, consumes and publishes, with its keys."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from konfliktrad_shared.assembly import Assembled, Service
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.data_subject import national_id_router
from konfliktrad_shared.field_keys import field_crypto
from referral import data_subject, handlers, views
from referral.adapters import orm, outbound, retention
from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.config import ReferralSettings
from referral.entrypoints import api, consumers, office_reads

SOURCE = "urn:konfliktrad:referral"
MIGRATIONS = Path(__file__).parent / "migrations"


def declare(settings: ReferralSettings, clock: Clock | None = None) -> Service:
    cipher, indexer = field_crypto(settings)
    seal = ContactSeal.from_setting(settings.contact_keys, embedded=settings.uses_sqlite)

    def routers(assembled: Assembled) -> list[APIRouter]:
        case_views = views.CaseViews(
            assembled.runtime.sessions, cipher, indexer, assembled.read_log
        )
        people = data_subject.DataSubjectReads(assembled.runtime.sessions, cipher, indexer)
        return [
            api.router(
                assembled.bus,
                case_views,
                assembled.runtime.clock,
                assembled.authenticate,
                allow_synthetic=settings.accept_synthetic_national_ids,
            ),
            office_reads.router(case_views, assembled.authenticate),
            national_id_router(
                people.holdings,
                lambda national_id: people.erase(national_id, assembled.runtime.clock.now()),
                assembled.authenticate,
                assembled.read_log,
            ),
        ]

    return Service(
        settings=settings,
        clock=clock or SystemClock(),
        title="Konfliktrådet referral service",
        description="Intake: every way a case reaches the office, checked against the Act.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        unit_of_work=ReferralUnitOfWork,
        source=SOURCE,
        outbound=outbound.translator(seal),
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=consumers.consumed(settings),
        produces=consumers.PRODUCES,
        dependencies={"cipher": cipher, "indexer": indexer},
        routers=routers,
        erasures=retention.ERASURES,
    )
