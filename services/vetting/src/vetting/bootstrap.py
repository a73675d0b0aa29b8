"""The service as a declaration: what it handles, schedules and publishes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from fastapi import APIRouter

from konfliktrad_shared.assembly import Assembled, Service
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.data_subject import national_id_router
from konfliktrad_shared.deadlines import DueDeadline
from konfliktrad_shared.field_keys import field_crypto
from vetting import handlers
from vetting.adapters import orm, outbound, retention
from vetting.adapters.unit_of_work import TERM_EXPIRY, VettingUnitOfWork
from vetting.config import VettingSettings
from vetting.data_subject import DataSubjectReads
from vetting.domain.commands import EndTerm
from vetting.entrypoints import api, consumers
from vetting.views import Views

SOURCE = "urn:konfliktrad:vetting"
DEADLINE_CONSUMER = "vetting.deadlines"
MIGRATIONS = Path(__file__).parent / "migrations"


def end_term(deadline: DueDeadline) -> EndTerm:
    """The end of a term (§4): the appointment expires unless renewed since."""
    return EndTerm(deadline.aggregate_id, date.fromisoformat(deadline.payload["term_ends"]))


DEADLINE_KINDS = {TERM_EXPIRY: end_term}


class OffsetClock:
    """Another clock moved by a fixed offset: `clock_offset_days` for local runs and tests."""

    def __init__(self, clock: Clock, offset: timedelta) -> None:
        self._clock, self._offset = clock, offset

    def now(self) -> datetime:
        return self._clock.now() + self._offset


def declare(settings: VettingSettings, clock: Clock | None = None) -> Service:
    clock = clock or SystemClock()
    if settings.clock_offset_days:
        clock = OffsetClock(clock, timedelta(days=settings.clock_offset_days))
    cipher, _indexer = field_crypto(settings)

    def routers(assembled: Assembled) -> list[APIRouter]:
        views = Views(
            assembled.runtime.sessions, cipher, assembled.runtime.clock, assembled.read_log
        )
        candidates = DataSubjectReads(assembled.runtime.sessions, cipher)
        return [
            api.router(assembled.bus, views, assembled.authenticate),
            national_id_router(
                candidates.holdings, candidates.erase, assembled.authenticate, assembled.read_log
            ),
        ]

    return Service(
        settings=settings,
        clock=clock,
        title="Konfliktrådet vetting service",
        description="Mediators, youth coordinators and leaders: §§3–7, terms and revocations.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        start_mappers=orm.start_mappers,
        unit_of_work=VettingUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=consumers.CONSUMED,
        produces=consumers.PRODUCES,
        deadline_kinds=DEADLINE_KINDS,
        deadline_consumer=DEADLINE_CONSUMER,
        dependencies={"cipher": cipher},
        routers=routers,
        erasures=retention.ERASURES,
    )
