"""The desk's parts: the services' clients, the pages and how people sign in (the routers
are built from them; `bootstrap.declare` puts them together)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import httpx
from authlib.integrations.starlette_client import OAuth
from fastapi.templating import Jinja2Templates

from desk.adapters.identity import DevelopmentIdentity, DevelopmentSignInRefused, identity_provider
from desk.adapters.suite_api import ServiceApi, SuiteApi
from desk.config import DeskSettings
from desk.entrypoints.web import Pages

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Desk:
    settings: DeskSettings
    http: httpx.AsyncClient
    api: SuiteApi
    pages: Pages
    session_secret: str
    development: DevelopmentIdentity | None
    provider: OAuth | None


def bootstrap(settings: DeskSettings, transport: httpx.AsyncBaseTransport | None = None) -> Desk:
    """`transport` lets a test answer for the services without a network."""
    development, provider = sign_in_for(settings)
    secret = settings.session_secret.get_secret_value()
    if not secret:
        if development is None:
            raise SystemExit("desk: DESK_SESSION_SECRET is required with OpenID Connect")
        secret = secrets.token_urlsafe(32)
    http = httpx.AsyncClient(timeout=settings.service_timeout_seconds, transport=transport)
    api = SuiteApi(
        referral=ServiceApi("referral", settings.referral_url, http),
        mediation=ServiceApi("mediation", settings.mediation_url, http),
        youth_plan=ServiceApi("youth_plan", settings.youth_plan_url, http),
        vetting=ServiceApi("vetting", settings.vetting_url, http),
    )
    pages = Pages(Jinja2Templates(directory=TEMPLATES), development is not None)
    return Desk(settings, http, api, pages, secret, development, provider)


def sign_in_for(settings: DeskSettings) -> tuple[DevelopmentIdentity | None, OAuth | None]:
    """Exactly one way to sign in. The development sign-in is refused outright when the
    identity provider is configured, when the desk listens beyond loopback, or when the
    development key is not on this machine: a production deployment has none of those."""
    if settings.development_sign_in:
        if settings.oidc_configured:
            raise DevelopmentSignInRefused(
                "desk: development sign-in and OpenID Connect are both configured; choose one"
            )
        if not settings.listens_on_loopback_only:
            raise DevelopmentSignInRefused(
                f"desk: development sign-in refused on {settings.http_host}: loopback only"
            )
        identity = DevelopmentIdentity(
            settings.development_keys_dir, settings.auth_issuer, settings.auth_audience
        )
        return identity, None
    if not settings.oidc_configured:
        raise SystemExit("desk: set DESK_OIDC_ISSUER and DESK_OIDC_CLIENT_ID")
    provider = identity_provider(
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret.get_secret_value(),
        settings.oidc_scope,
    )
    return None, provider
