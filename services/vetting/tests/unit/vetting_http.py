"""The vetting API over HTTP with real tokens and SQLite: what its tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

Token = Callable[..., dict[str, str]]
OFFICE = "konfliktradet-vestfold"
COMMITTEE = {"municipal_member": "M", "police_member": "P", "office_leader": "L"}


def application(municipality: str = "3905", **candidate: Any) -> dict[str, Any]:
    return {
        "office": OFFICE,
        "municipality": municipality,
        "candidate": {
            "name": "Synthetic Mediator",
            "birth_date": "1980-05-17",
            "citizenship": "NO",
            "lives_in_municipality": True,
            "suitable": True,
            "police_certificate_received_on": "2026-02-20",
            **candidate,
        },
    }


def appoint(client: TestClient, token: Token, body: dict[str, Any]) -> Any:
    leader = token("office_leader")
    submitted = client.post("/applications", json=body, headers=leader)
    assert submitted.status_code == 201, submitted.text
    application_id = submitted.json()["application_id"]
    return client.post(
        f"/applications/{application_id}/appointment",
        json={"committee": COMMITTEE},
        headers=token("appointment_committee"),
    )
