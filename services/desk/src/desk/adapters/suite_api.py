"""The services' public HTTP APIs, called with the signed-in person's own bearer token.

The desk decides nothing here: a 404 stays "not found", a 422 becomes the refusal the
service gave (its § and reason), a 401 means the person must sign in again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Refusal:
    """What a service refused and why. `field` is set when the service named the input
    (a validation error's location); otherwise the page decides where to show it."""

    reason: str
    legal_basis: str | None = None
    field: str | None = None


class Refused(Exception):
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(r.reason for r in refusals))
        self.refusals = refusals


class NotFound(Exception):
    """The service answered 404: missing, or not the caller's to see."""


class SignInExpired(Exception):
    """The service no longer accepts the person's token."""


class Forbidden(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ServiceUnavailable(Exception):
    def __init__(self, service: str, detail: str) -> None:
        super().__init__(f"{service}: {detail}")
        self.service = service
        self.detail = detail


class ServiceApi:
    def __init__(self, name: str, base_url: str, http: httpx.AsyncClient) -> None:
        self.name = name
        self._base_url = base_url.rstrip("/")
        self._http = http

    async def get(self, path: str, token: str, params: dict[str, Any] | None = None) -> Any:
        return await self._call("GET", path, token, params=params)

    async def post(self, path: str, token: str, body: Any = None) -> Any:
        return await self._call("POST", path, token, body=body)

    async def put(self, path: str, token: str, body: Any = None) -> Any:
        return await self._call("PUT", path, token, body=body)

    async def _call(
        self,
        method: str,
        path: str,
        token: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        try:
            response = await self._http.request(
                method,
                f"{self._base_url}{path}",
                json=body,
                params=params,
                headers={"authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(self.name, type(exc).__name__) from exc
        if response.is_success:
            return response.json() if response.content else None
        if response.status_code == 401:
            raise SignInExpired()
        if response.status_code == 404:
            raise NotFound()
        if response.status_code == 403:
            raise Forbidden(str(_json(response).get("detail", "")))
        if response.status_code == 422:
            raise Refused(refusals_of(_json(response)))
        raise ServiceUnavailable(self.name, f"HTTP {response.status_code}")


def refusals_of(answer: dict[str, Any]) -> list[Refusal]:
    """A rule's refusal ({legal_basis, reason}) or FastAPI's validation errors."""
    if "reason" in answer:
        return [Refusal(reason=str(answer["reason"]), legal_basis=answer.get("legal_basis"))]
    refusals = []
    for error in answer.get("detail") or []:
        location = [str(part) for part in error.get("loc", []) if part != "body"]
        field = location[0] if location else None
        refusals.append(Refusal(reason=str(error.get("msg", "")), field=field))
    return refusals or [Refusal(reason="refused")]


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        decoded = response.json()
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


@dataclass(frozen=True)
class SuiteApi:
    referral: ServiceApi
    mediation: ServiceApi
    youth_plan: ServiceApi
    vetting: ServiceApi
