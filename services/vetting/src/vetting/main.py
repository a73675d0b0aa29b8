"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from fastapi import FastAPI

from konfliktrad_shared.assembly import assemble, runner
from konfliktrad_shared.clock import Clock
from vetting.bootstrap import MIGRATIONS, declare
from vetting.config import VettingSettings

__all__ = ["MIGRATIONS", "create_app", "run"]


def create_app(settings: VettingSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return assemble(declare(settings or VettingSettings(), clock))


run = runner(create_app, VettingSettings)
