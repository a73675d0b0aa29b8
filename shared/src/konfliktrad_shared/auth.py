"""Bearer-token authentication for FastAPI routes.

Build one ``Authenticator`` per app from a ``TokenVerifier`` and use
``Depends(authenticated("role"))`` on each route. There is deliberately no setting that
turns authentication off: tests and local runs mint real tokens with ``devkeys``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Protocol, TypeVar

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from konfliktrad_shared.audit_chain import current_principal
from konfliktrad_shared.auth_tokens import InvalidToken, Principal, TokenVerifier

if TYPE_CHECKING:
    from konfliktrad_shared.settings import ServiceSettings

__all__ = [
    "Authenticator",
    "Principal",
    "PrincipalDependency",
    "authenticator_from_settings",
    "visible_to",
]

PrincipalDependency = Callable[..., Awaitable[Principal]]

# auto_error=False so that every refusal, including a missing header, is answered here
# with RFC 6750 headers; the scheme still documents bearer auth in OpenAPI.
_bearer_credentials = HTTPBearer(auto_error=False, bearerFormat="JWT")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_credentials)]


class Authenticator:
    def __init__(self, verifier: TokenVerifier) -> None:
        self._verifier = verifier

    def __call__(self, *roles: str) -> PrincipalDependency:
        """A dependency yielding the caller, who must hold every role listed."""
        return self._caller(frozenset(roles), every=True)

    def any_of(self, *roles: str) -> PrincipalDependency:
        """A dependency yielding the caller, who must hold at least one of the roles listed
        (a read that several of an office's roles are each entitled to)."""
        return self._caller(frozenset(roles), every=False)

    def _caller(self, required: frozenset[str], *, every: bool) -> PrincipalDependency:
        verifier = self._verifier

        async def authenticated_principal(credentials: Credentials) -> Principal:
            if credentials is None:
                # RFC 6750 section 3.1: a request without credentials gets no error code.
                raise _unauthorized("missing bearer token", 'Bearer realm="konfliktrad"')
            try:
                principal = verifier.verify(credentials.credentials)
            except InvalidToken as refusal:
                challenge = f'Bearer error="invalid_token", error_description="{refusal.reason}"'
                raise _unauthorized(refusal.reason, challenge) from None
            missing = required - principal.roles
            held_none = bool(required) and not required & principal.roles
            if missing if every else held_none:
                wanted = ", ".join(sorted(missing)) if every else " or ".join(sorted(required))
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN,
                    detail=f"missing role: {wanted}",
                    headers={"WWW-Authenticate": 'Bearer error="insufficient_scope"'},
                )
            # The request's commands and reads are recorded against this caller (audit chain).
            current_principal.set(principal)
            return principal

        return authenticated_principal


def authenticator_from_settings(settings: ServiceSettings) -> Authenticator:
    """Trusts the JWKS at ``auth_jwks_file`` for ``auth_issuer`` and ``auth_audience``."""
    return Authenticator(TokenVerifier.from_settings(settings))


def _unauthorized(reason: str, challenge: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=reason, headers={"WWW-Authenticate": challenge}
    )


class OfficeOwned(Protocol):
    @property
    def office(self) -> str: ...


OwnedResource = TypeVar("OwnedResource", bound=OfficeOwned)


def visible_to(resource: OwnedResource | None, principal: Principal, noun: str) -> OwnedResource:
    """The resource, if it belongs to the caller's office.

    Another office's resource answers 404 like a missing one, not 403: whether it exists is
    itself something that office's staff may not learn.
    """
    if resource is None or not principal.sees(resource.office):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no such {noun}")
    return resource
