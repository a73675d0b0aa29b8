"""A person's access request (GDPR art. 15) gathered from every service's API into one
document, and their erasure request (art. 17) put to the services that hold identities.

Referral and vetting find the person by national id; mediation, youth_plan and notification
know people only as a party id within a case, so they are asked for the (case, party) pairs
referral answered with. Each service audits the request itself; this tool prints no
national id and writes the document only where it is told to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from konfliktrad_shared.data_subject import DATA_PROTECTION_OFFICER
from konfliktrad_shared.devkeys import ensure_dev_keypair, mint_token
from konfliktrad_shared.local_paths import local_state_dir
from konfliktrad_shared.settings import ServiceSettings

BY_NATIONAL_ID = ("referral", "vetting")
BY_CASE_PARTY = ("mediation", "youth_plan", "notification")


class ServiceUrls(BaseSettings):
    """Where the services answer (env `OPERATOR_<SERVICE>_URL`); local ports by default."""

    model_config = SettingsConfigDict(env_prefix="OPERATOR_", extra="ignore")

    referral_url: str = "http://127.0.0.1:8001"
    mediation_url: str = "http://127.0.0.1:8002"
    youth_plan_url: str = "http://127.0.0.1:8003"
    vetting_url: str = "http://127.0.0.1:8004"
    notification_url: str = "http://127.0.0.1:8005"
    dpo_token: str = Field(default="", repr=False)
    """A bearer token with the `data_protection_officer` role (env `OPERATOR_DPO_TOKEN`)."""

    def of(self, service: str) -> str:
        url: str = getattr(self, f"{service}_url")
        return url.rstrip("/")


@dataclass
class AccessDocument:
    gathered_at: str
    holdings: list[dict[str, Any]] = field(default_factory=list)
    unanswered: dict[str, str] = field(default_factory=dict)

    def by_service(self) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for holding in self.holdings:
            grouped.setdefault(holding["service"], []).append(holding)
        return grouped


async def gather(
    national_id: str, urls: ServiceUrls, token: str, client: httpx.AsyncClient
) -> AccessDocument:
    document = AccessDocument(gathered_at=datetime.now(UTC).isoformat())
    headers = {"Authorization": f"Bearer {token}"}
    for service in BY_NATIONAL_ID:
        answered = await _ask(
            client,
            document,
            service,
            f"{urls.of(service)}/data-subject/access",
            {"national_id": national_id},
            headers,
        )
        document.holdings += answered
    parties = [
        {"case_id": held["case_id"], "party_id": held["party_id"]}
        for held in document.holdings
        if held["service"] == "referral"
    ]
    if parties:
        for service in BY_CASE_PARTY:
            document.holdings += await _ask(
                client,
                document,
                service,
                f"{urls.of(service)}/data-subject/case-parties",
                {"parties": parties},
                headers,
            )
    return document


async def erase(
    national_id: str, urls: ServiceUrls, token: str, client: httpx.AsyncClient
) -> list[dict[str, Any]]:
    """The outcome per record: erased, or refused with the provision and the reason."""
    outcomes: list[dict[str, Any]] = []
    headers = {"Authorization": f"Bearer {token}"}
    for service in BY_NATIONAL_ID:
        answer = await client.post(
            f"{urls.of(service)}/data-subject/erasure",
            json={"national_id": national_id},
            headers=headers,
        )
        answer.raise_for_status()
        outcomes += answer.json()
    return outcomes


async def _ask(
    client: httpx.AsyncClient,
    document: AccessDocument,
    service: str,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
) -> list[dict[str, Any]]:
    try:
        answer = await client.post(url, json=body, headers=headers)
    except httpx.HTTPError as failure:
        document.unanswered[service] = type(failure).__name__
        return []
    if answer.status_code != 200:
        # A document that silently lacks a service would tell the person less than is held.
        document.unanswered[service] = f"HTTP {answer.status_code}"
        return []
    held: list[dict[str, Any]] = answer.json()
    return held


def as_json(document: AccessDocument) -> str:
    return json.dumps(
        {
            "gathered_at": document.gathered_at,
            "legal_basis": "GDPR art. 15",
            "complete": not document.unanswered,
            "unanswered": document.unanswered,
            "holdings": document.holdings,
        },
        indent=2,
        ensure_ascii=False,
        default=str,
    )


def as_markdown(document: AccessDocument) -> str:
    """The readable copy the office hands over with the JSON."""
    lines = [
        "# What Konfliktrådet holds about you (GDPR art. 15)",
        "",
        f"Gathered {document.gathered_at} from every service of the case system.",
        "",
    ]
    if document.unanswered:
        lines += ["**Incomplete** — not answered: " + ", ".join(sorted(document.unanswered)), ""]
    for service, held in sorted(document.by_service().items()):
        lines += [f"## {service}", ""]
        for entry in held:
            lines += [
                f"### {entry['record']} `{entry['record_id']}`",
                "",
                f"- office: {entry.get('office') or '—'}",
                f"- why it is held: {entry['purpose']}",
            ]
            lines += [f"- {key}: {_plain(value)}" for key, value in entry["held"].items()]
            lines.append("")
    if not document.holdings:
        lines += ["No service holds anything about you.", ""]
    return "\n".join(lines)


def _plain(value: Any) -> str:
    if isinstance(value, dict | list):
        return "`" + json.dumps(value, ensure_ascii=False, default=str) + "`"
    return "—" if value is None else str(value)


def local_token() -> str:
    """On the local profile: a short-lived officer token from the key pair devtools keeps."""
    keys = ensure_dev_keypair(local_state_dir() / "keys")
    defaults = ServiceSettings(service_name="operator", http_port=0)
    return mint_token(
        keys.private_key.read_bytes(),
        keys.kid,
        issuer=defaults.auth_issuer,
        audience=defaults.auth_audience,
        subject="operator-dpo",
        roles=(DATA_PROTECTION_OFFICER,),
        office=None,
        ttl=timedelta(minutes=10),
    )
