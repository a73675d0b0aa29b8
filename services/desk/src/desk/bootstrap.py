"""The desk as a declaration: its pages, how it signs people in and keeps their session, and
what closes on shutdown. No database, no bus: `web_assembly` builds it, not `assembly`."""

from __future__ import annotations

import httpx
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from desk.config import DeskSettings
from desk.entrypoints import (
    cases,
    committee_pages,
    errors,
    figures_pages,
    health,
    mediation_pages,
    referral_pages,
    sign_in,
    youth_pages,
)
from desk.parts import STATIC, Desk, bootstrap
from konfliktrad_shared.web_assembly import WebService

__all__ = ["Desk", "bootstrap", "declare"]

PAGES = (
    health,
    sign_in,
    cases,
    referral_pages,
    mediation_pages,
    youth_pages,
    committee_pages,
    figures_pages,
)


def declare(
    settings: DeskSettings, transport: httpx.AsyncBaseTransport | None = None
) -> WebService:
    """`transport` lets a test answer for the services without a network."""
    desk = bootstrap(settings, transport)
    session = Middleware(
        SessionMiddleware,
        secret_key=desk.session_secret,
        session_cookie="desk_session",
        same_site="lax",
        # Over plain HTTP only on the developer's loopback; everywhere else the cookie
        # that carries the person's token never leaves TLS.
        https_only=desk.development is None,
        max_age=8 * 3600,
    )
    return WebService(
        title="Konfliktrådet desk",
        routers=[page.router(desk) for page in PAGES],
        middleware=[session],
        static={"/static": STATIC},
        exception_handlers=errors.handlers(desk),
        on_shutdown=[desk.http.aclose],
    )
