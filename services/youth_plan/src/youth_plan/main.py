"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from fastapi import FastAPI

from konfliktrad_shared.assembly import assemble, runner
from konfliktrad_shared.clock import Clock
from youth_plan.bootstrap import MIGRATIONS, declare
from youth_plan.config import YouthPlanSettings

__all__ = ["MIGRATIONS", "create_app", "run"]


def create_app(settings: YouthPlanSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return assemble(declare(settings or YouthPlanSettings(), clock))


run = runner(create_app, YouthPlanSettings)
