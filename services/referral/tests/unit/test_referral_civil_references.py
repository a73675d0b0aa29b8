"""A civil filing reaches no case of another office or of the other kind through its reference:
civil and criminal references are apart, a reference another office's civil case holds is
refused (409) without a word of that case, and a retried filing is still one case."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from referral_service import Office, referral_office
from test_referral_civil_api import filing

OSLO, FINNMARK, ALTA = "konfliktradet-oslo", "konfliktradet-finnmark", "5601"


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


def officer(office: Office, office_id: str, subject: str = "saksbehandler-1") -> dict[str, str]:
    return office.bearer("case_officer", subject=subject, office=office_id)


async def file(office: Office, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return await office.http.post("/civil-cases", json=body, headers=headers)


async def test_a_civil_filing_with_a_police_reference_opens_its_own_case(office: Office) -> None:
    reference = await office.send()  # an Oslo criminal case
    criminal = await office.case(reference, OSLO)

    filed = await file(office, filing(reference, ALTA), officer(office, FINNMARK, "sb-alta"))

    assert filed.status_code == 201, filed.text
    civil = filed.json()
    assert civil["case_id"] != criminal["case_id"]
    assert (civil["kind"], civil["office"]) == ("civil", FINNMARK)
    assert (await office.case(reference, OSLO))["case_id"] == criminal["case_id"]


async def test_another_offices_civil_reference_is_refused_without_a_word_of_that_case(
    office: Office,
) -> None:
    oslo = await file(office, filing("CIV-SHARED"), officer(office, OSLO))
    assert oslo.status_code == 201, oslo.text

    refused = await file(office, filing("CIV-SHARED", ALTA), officer(office, FINNMARK, "sb-alta"))

    assert refused.status_code == 409
    assert refused.json() == {"detail": "sender reference already in use"}
    assert oslo.json()["case_id"] not in refused.text


async def test_the_filer_filing_again_gets_the_same_case(office: Office) -> None:
    first = await file(office, filing("CIV-AGAIN"), officer(office, OSLO))
    again = await file(office, filing("CIV-AGAIN"), officer(office, OSLO))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["case_id"] == first.json()["case_id"]


async def test_a_filer_whose_case_went_to_another_office_gets_it_again(office: Office) -> None:
    """Filed in Finnmark for an Oslo resident: the case is Oslo's, the retry still one case."""
    headers = officer(office, FINNMARK, "sb-alta")
    first = await file(office, filing("CIV-OSLO-PARTY"), headers)
    again = await file(office, filing("CIV-OSLO-PARTY"), headers)

    assert first.json()["office"] == OSLO
    assert again.json()["case_id"] == first.json()["case_id"]
