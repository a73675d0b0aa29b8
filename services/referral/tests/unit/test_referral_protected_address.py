"""A party's protected address (Folkeregisteret's `fortrolig` / `strengt fortrolig adresse`)
goes in with the filing and never comes out of the API: the case as staff read it names no
address, and the address is sealed at rest with its level."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from referral_service import Office, referral_office
from sqlalchemy import select

from referral.adapters import orm

HIDDEN = "Skjulestien 17 B, 1337 Sandvika"


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


async def test_a_protected_address_is_in_no_api_response_and_sealed_at_rest(
    office: Office,
) -> None:
    party = {"name": "Synthetic Party", "municipality": "0301", "consents": True}
    body = {
        "sender_reference": "CIV-HIDDEN-1",
        "submitted_by": "party",
        "submitter": "the claimant",
        "harm": "loss",
        "claimant": {
            **party,
            "birth_date": "1980-01-01",
            "postal_address": HIDDEN,
            "address_protection": "strengt_fortrolig",
        },
        "respondents": [{**party, "name": "Synthetic Respondent", "birth_date": "1990-01-01"}],
    }
    filed = await office.http.post("/civil-cases", json=body, headers=office.case_officer())
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]
    read = await office.http.get(f"/cases/{case_id}", headers=office.leader())
    trail = await office.http.get(f"/cases/{case_id}/audit", headers=office.leader())

    for response in (filed, read, trail):
        assert "Skjulestien" not in response.text and "1337" not in response.text
    async with office.app.state.runtime.engine.connect() as connection:
        rows = (await connection.execute(select(orm.cases))).mappings().all()
    assert rows and all("Skjulestien" not in json.dumps(dict(r), default=str) for r in rows)
