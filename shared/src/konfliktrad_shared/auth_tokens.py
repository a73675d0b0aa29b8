"""Verification of JWT access tokens (RFC 9068) signed by the identity provider.

Only asymmetric algorithms are accepted, and each configured key is bound to exactly one
of them, so neither ``alg: none`` nor an HS256 token "signed" with a public key can pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jwt
from jwt import PyJWK

if TYPE_CHECKING:
    from konfliktrad_shared.settings import ServiceSettings

# ES256 for our own development keys, RS256 because most identity providers sign with
# it, EdDSA for providers that moved on. PS*/ES384+ can join when a provider needs them.
ALLOWED_ALGORITHMS = frozenset({"ES256", "RS256", "EdDSA"})
# RFC 9068 section 4: "at+jwt", which may also be written as the full media type.
ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})
REQUIRED_CLAIMS = ("iss", "aud", "sub", "exp", "iat")
DEFAULT_LEEWAY = timedelta(seconds=30)
# A stolen token is worth what it has left to live. Staff sign in again (or their client
# refreshes) every hour; a token issued for longer is refused outright, not cut short, so a
# misconfigured issuer is noticed at once instead of weakening every service quietly.
DEFAULT_MAX_LIFETIME = timedelta(hours=1)
_PRIVATE_KEY_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})


@dataclass(frozen=True, slots=True)
class Principal:
    """`office` is the caller's own office; `offices` any further offices the token grants
    (a case officer covering a neighbouring office, the secretariat)."""

    subject: str
    roles: frozenset[str]
    office: str | None
    offices: frozenset[str] = frozenset()

    def sees(self, office: str) -> bool:
        return office == self.office or office in self.offices

    def visible_offices(self) -> frozenset[str]:
        return self.offices | ({self.office} if self.office else set())


class InvalidToken(Exception):
    """Why a token was refused, short enough for a WWW-Authenticate header."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KeySetError(ValueError):
    """The configured JWKS cannot be trusted as it is."""


class TokenVerifier:
    def __init__(
        self,
        keys: Mapping[str, PyJWK],
        *,
        issuer: str,
        audience: str,
        leeway: timedelta = DEFAULT_LEEWAY,
        max_lifetime: timedelta = DEFAULT_MAX_LIFETIME,
    ) -> None:
        for kid, key in keys.items():
            _check_verification_key(kid, key)
        self._keys = dict(keys)
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._max_lifetime = max_lifetime

    @classmethod
    def from_jwks_file(
        cls,
        path: Path,
        *,
        issuer: str,
        audience: str,
        max_lifetime: timedelta = DEFAULT_MAX_LIFETIME,
    ) -> TokenVerifier:
        return cls(load_jwks(path), issuer=issuer, audience=audience, max_lifetime=max_lifetime)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        return cls.from_jwks_file(
            settings.auth_jwks_file,
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            max_lifetime=timedelta(seconds=settings.auth_max_token_lifetime_seconds),
        )

    def verify(self, token: str) -> Principal:
        key = self._signing_key(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[key.algorithm_name],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(_reason(error)) from None
        self._check_lifetime(claims)
        return _principal(claims)

    def _check_lifetime(self, claims: Mapping[str, Any]) -> None:
        issued_at, expires = claims["iat"], claims["exp"]
        if not all(isinstance(t, int | float) for t in (issued_at, expires)):
            raise InvalidToken("iat and exp must be numeric dates")
        if expires - issued_at > self._max_lifetime.total_seconds():
            raise InvalidToken("token lifetime too long")

    def _signing_key(self, token: str) -> PyJWK:
        # The header is unverified here; it only selects the key and is then covered by
        # the signature check in verify().
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("malformed token") from None
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in ACCESS_TOKEN_TYPES:
            raise InvalidToken("not an access token (typ must be at+jwt)")
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise InvalidToken("algorithm not allowed")
        key = self._keys.get(header.get("kid", ""))
        if key is None:
            raise InvalidToken("unknown signing key")
        return key


def load_jwks(path: Path) -> dict[str, PyJWK]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KeySetError(f"cannot read JWKS file {path}: {error}") from error
    return parse_jwks(document)


def parse_jwks(document: Any) -> dict[str, PyJWK]:
    """Every key must be a usable public signing key with a unique ``kid``: a JWKS that
    silently skipped a bad entry would fail later, one token at a time."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise KeySetError("a JWKS must be an object with a non-empty 'keys' list")
    keys: dict[str, PyJWK] = {}
    for entry in entries:
        kid = entry.get("kid") if isinstance(entry, dict) else None
        if not isinstance(kid, str) or not kid:
            raise KeySetError("every JWKS key needs a non-empty string 'kid'")
        if kid in keys:
            raise KeySetError(f"JWKS key id {kid!r} appears twice")
        if entry.get("use", "sig") != "sig":
            raise KeySetError(f"JWKS key {kid!r} is not a signing key")
        if _PRIVATE_KEY_MEMBERS & entry.keys():
            raise KeySetError(f"JWKS key {kid!r} holds private or symmetric key material")
        try:
            keys[kid] = PyJWK(entry)
        except jwt.PyJWTError as error:
            raise KeySetError(f"JWKS key {kid!r} is unusable: {error}") from None
    return keys


def _check_verification_key(kid: str, key: PyJWK) -> None:
    if key.algorithm_name not in ALLOWED_ALGORITHMS:
        raise KeySetError(
            f"key {kid!r} is for {key.algorithm_name}; allowed: {sorted(ALLOWED_ALGORITHMS)}"
        )
    too_short = key.Algorithm.check_key_length(key.key)
    if too_short:
        raise KeySetError(f"key {kid!r}: {too_short}")


def _reason(error: jwt.PyJWTError) -> str:
    match error:
        case jwt.ExpiredSignatureError():
            return "token expired"
        case jwt.ImmatureSignatureError():
            return "token not yet valid"
        case jwt.InvalidAudienceError():
            return "wrong audience"
        case jwt.InvalidIssuerError():
            return "wrong issuer"
        case jwt.MissingRequiredClaimError(claim=claim):
            return f"missing claim {claim}"
        case jwt.InvalidSignatureError():
            return "bad signature"
        case jwt.InvalidAlgorithmError():
            return "algorithm not allowed"
        case _:
            return "invalid token"


def _principal(claims: Mapping[str, Any]) -> Principal:
    subject, roles, office = claims["sub"], claims.get("roles", []), claims.get("office")
    offices = claims.get("offices") or []
    if not isinstance(subject, str) or not subject:
        raise InvalidToken("sub must be a non-empty string")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise InvalidToken("roles must be a list of strings")
    if office is not None and not isinstance(office, str):
        raise InvalidToken("office must be a string")
    if not isinstance(offices, list) or not all(isinstance(o, str) for o in offices):
        raise InvalidToken("offices must be a list of strings")
    return Principal(
        subject=subject, roles=frozenset(roles), office=office, offices=frozenset(offices)
    )
