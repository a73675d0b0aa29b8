"""The service as a declaration: what it handles, consumes, schedules and publishes."""

from __future__ import annotations

from pathlib import Path

from konfliktrad_shared.assembly import Assembled, Service
from konfliktrad_shared.clock import Clock, SystemClock
from konfliktrad_shared.data_subject import case_parties_router
from konfliktrad_shared.deadlines import DueDeadline
from youth_plan import data_subject, handlers, views
from youth_plan.adapters import orm, outbound, retention
from youth_plan.adapters.unit_of_work import EXECUTION_ENDS, YouthPlanUnitOfWork
from youth_plan.config import YouthPlanSettings
from youth_plan.domain.commands import CompleteExecution
from youth_plan.entrypoints import api, consumers, office_reads

SOURCE = "urn:konfliktrad:youth_plan"
MIGRATIONS = Path(__file__).parent / "migrations"


def complete_execution(deadline: DueDeadline) -> CompleteExecution:
    """The end of the execution period (§23): the case is checked for completion."""
    return CompleteExecution(deadline.aggregate_id)


def declare(settings: YouthPlanSettings, clock: Clock | None = None) -> Service:
    def routers(assembled: Assembled) -> list[api.APIRouter]:
        read_case = views.case_reader(assembled.runtime.sessions)
        return [
            api.router(assembled.bus, read_case, assembled.authenticate),
            office_reads.router(
                read_case,
                views.office_cases_lister(assembled.runtime.sessions),
                assembled.authenticate,
                assembled.runtime.clock,
            ),
            case_parties_router(
                data_subject.holdings_reader(assembled.runtime.sessions),
                lambda: assembled.authenticate,
                assembled.read_log,
            ),
        ]

    return Service(
        settings=settings,
        clock=clock or SystemClock(),
        title="Konfliktrådet youth plan service",
        description="Youth follow-up, youth sentence and follow-up in the office (§36): plans "
        "and the breach ladder.",
        migrations=MIGRATIONS,
        tables=orm.plumbing,
        start_mappers=orm.start_mappers,
        unit_of_work=YouthPlanUnitOfWork,
        source=SOURCE,
        outbound=outbound.translate,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
        consumed=consumers.CONSUMED,
        produces=consumers.PRODUCES,
        deadline_kinds={EXECUTION_ENDS: complete_execution},
        routers=routers,
        erasures=retention.ERASURES,
    )
