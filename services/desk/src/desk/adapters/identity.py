"""Who is signed in, and the two ways to become so: the identity provider (OpenID Connect,
authorisation code with PKCE) in production, development tokens on a developer's machine."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
from authlib.integrations.starlette_client import OAuth

from konfliktrad_shared.devkeys import JWKS_FILENAME, PRIVATE_KEY_FILENAME, mint_token


@dataclass(frozen=True)
class Person:
    """The signed-in person as their access token describes them. The desk reads the claims
    only to choose which pages to offer; every service verifies the token itself."""

    subject: str
    name: str
    roles: frozenset[str]
    office: str | None
    token: str
    expires_at: float

    @classmethod
    def from_token(cls, token: str, name: str | None = None) -> Person:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        return cls(
            subject=str(claims["sub"]),
            name=name or str(claims.get("name") or claims["sub"]),
            roles=frozenset(claims.get("roles") or ()),
            office=claims.get("office"),
            token=token,
            expires_at=float(claims.get("exp", 0)),
        )

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class DevelopmentSignInRefused(SystemExit):
    pass


class DevelopmentIdentity:
    """Mints the development tokens the services accept from the local key pair. Built only
    when the desk listens on loopback and that key is on this machine."""

    TTL = timedelta(hours=1)  # the longest the services accept; then the desk asks again

    def __init__(self, keys_dir: Path, issuer: str, audience: str, *, ttl: timedelta = TTL):
        private_key, jwks = keys_dir / PRIVATE_KEY_FILENAME, keys_dir / JWKS_FILENAME
        if not private_key.exists() or not jwks.exists():
            raise DevelopmentSignInRefused(
                f"development sign-in: no development key pair in {keys_dir}"
            )
        self._kid = str(json.loads(jwks.read_text(encoding="utf-8"))["keys"][0]["kid"])
        self._private_key = private_key.read_bytes()
        self._issuer, self._audience, self._ttl = issuer, audience, ttl

    def sign_in(self, subject: str, roles: tuple[str, ...], office: str) -> Person:
        token = mint_token(
            self._private_key,
            self._kid,
            issuer=self._issuer,
            audience=self._audience,
            subject=subject,
            roles=roles,
            office=office,
            ttl=self._ttl,
        )
        return Person.from_token(token)


def identity_provider(issuer: str, client_id: str, client_secret: str, scope: str) -> OAuth:
    """The identity provider, discovered from its issuer. PKCE (S256) is used whether or not
    the client also has a secret, so a stolen authorisation code is worthless."""
    oauth = OAuth()
    oauth.register(
        name="staff",
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_id=client_id,
        client_secret=client_secret or None,
        client_kwargs={"scope": scope, "code_challenge_method": "S256"},
    )
    return oauth
