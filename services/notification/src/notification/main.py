"""Entry points: the notification service and the two agency adapters, each its own process."""

from fastapi import FastAPI

from konfliktrad_shared.assembly import assemble, runner
from konfliktrad_shared.clock import Clock
from notification import config
from notification.bootstrap import MIGRATIONS, declare, declare_agency_adapter
from notification.config import AgencyAdapterSettings, NotificationSettings

__all__ = ["MIGRATIONS", "create_agency_adapter", "create_app", "run"]


def create_app(settings: NotificationSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return assemble(declare(settings or NotificationSettings(), clock))


def create_agency_adapter(settings: AgencyAdapterSettings, clock: Clock | None = None) -> FastAPI:
    return assemble(declare_agency_adapter(settings, clock))


run = runner(create_app, NotificationSettings)
run_prosecution_adapter = runner(create_agency_adapter, config.ProsecutionAdapterSettings)
run_correctional_adapter = runner(create_agency_adapter, config.CorrectionalAdapterSettings)
