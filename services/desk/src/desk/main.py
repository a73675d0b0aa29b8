"""Entry point: `create_app()` builds everything; nothing happens at import time."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from desk.bootstrap import declare
from desk.config import DeskSettings
from konfliktrad_shared.web_assembly import assemble_web, web_runner

__all__ = ["create_app", "run"]


def create_app(
    settings: DeskSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    return assemble_web(declare(settings or DeskSettings(), transport))


run = web_runner(create_app, DeskSettings)
