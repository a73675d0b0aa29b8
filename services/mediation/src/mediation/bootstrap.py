"""The service as a declaration: what it handles, consumes, schedules and publishes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter

from konfliktrad_shared.assembly import Assembled, Service
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.data_subject import case_parties_router
from konfliktrad_shared.deadlines import DueDeadline
from konfliktrad_shared.field_keys import field_crypto
from mediation import data_subject, handlers, views
from mediation.adapters import orm, outbound, retention
from mediation.adapters.unit_of_work import MediationUnitOfWork
from mediation.config import MediationSettings
from mediation.domain.commands import CloseWithdrawalPeriod, RemindOfPerformance
from mediation.entrypoints import api, consumers
from mediation.movable_clock import MovableClock, movable_clock_router

SOURCE = "urn:konfliktrad:mediation"
MIGRATIONS = Path(__file__).parent / "migrations"


def close_withdrawal_period(deadline: DueDeadline) -> CloseWithdrawalPeriod:
    return CloseWithdrawalPeriod(deadline.aggregate_id, str(deadline.payload["agreement_id"]))


def remind_of_performance(deadline: DueDeadline) -> RemindOfPerformance:
    due_on = date.fromisoformat(str(deadline.payload["due_on"]))
    return RemindOfPerformance(deadline.aggregate_id, str(deadline.payload["agreement_id"]), due_on)


DEADLINE_KINDS = {
    handlers.WITHDRAWAL_PERIOD_ENDS: close_withdrawal_period,
    handlers.PERFORMANCE_DUE: remind_of_performance,
}


def declare(settings: MediationSettings, clock: Clock | None = None) -> Service:
    movable = MovableClock() if settings.test_clock_enabled and clock is None else None
    cipher, _indexer = field_crypto(settings)

    def routers(assembled: Assembled) -> list[APIRouter]:
        sessions, authenticate = assembled.runtime.sessions, assembled.authenticate
        routes = [
            api.router(
                views.roster_reader(sessions),
                views.case_reader(sessions),
                views.notes_reader(sessions, cipher, assembled.read_log),
                views.cases_lister(sessions),
                assembled.bus,
                authenticate,
            )
        ]
        routes.append(
            case_parties_router(
                data_subject.holdings_reader(sessions),
                lambda: assembled.authenticate,
                assembled.read_log,
            )
        )
        if movable is not None:
            routes.append(movable_clock_router(movable, authenticate))
        return routes

    return Service(
        settings=settings,
        clock=clock or movable or SystemClock(),
        title="Konfliktrådet mediation service",
        description="Mediation cases (meetings, agreements, the §18 withdrawal period, "
        "reports to the prosecution) and each office's roster of mediators.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        start_mappers=orm.start_mappers,
        unit_of_work=MediationUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=consumers.CONSUMED,
        produces=consumers.PRODUCES,
        deadline_kinds=DEADLINE_KINDS,
        deadline_consumer="mediation-deadlines",
        dependencies={"cipher": cipher},
        routers=routers,
        erasures=retention.ERASURES,
    )
