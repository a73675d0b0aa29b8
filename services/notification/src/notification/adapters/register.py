"""The contact and reservation register over HTTP: looked up by national id."""

from __future__ import annotations

import httpx

from notification.domain.channels import RegisterEntry


class HttpContactRegister:
    def __init__(self, client: httpx.AsyncClient, endpoint: str) -> None:
        self._client = client
        self._endpoint = endpoint.rstrip("/")

    async def lookup(self, national_id: str) -> RegisterEntry | None:
        # POST, not GET: a national id in a URL ends up in access logs.
        response = await self._client.post(
            f"{self._endpoint}/lookup", json={"national_id": national_id}
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        person = response.json()
        return RegisterEntry(
            opted_out=bool(person.get("opted_out", False)),
            email=person.get("email"),
            phone=person.get("phone"),
            digital_mailbox=person.get("digital_mailbox"),
            postal_address=person.get("postal_address"),
        )
