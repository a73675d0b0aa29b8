"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

from fastapi import FastAPI

from konfliktrad_shared.assembly import assemble, serve
from konfliktrad_shared.clock import Clock
from vetting.bootstrap import MIGRATIONS, declare
from vetting.config import VettingSettings

__all__ = ["MIGRATIONS", "create_app", "run"]


def create_app(settings: VettingSettings | None = None, clock: Clock | None = None) -> FastAPI:
    return assemble(declare(settings or VettingSettings(), clock))


def run() -> None:
    settings = VettingSettings()
    serve(create_app(settings), settings)
