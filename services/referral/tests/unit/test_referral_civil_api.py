"""Civil cases over HTTP: Svalbard is in the Act's reach (§2); turning a civil case away is the
leader's decision with reasons, on record (§8, §10 first para); the leader's §11 third para
finding is recorded with who made it and when."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from referral_service import Office, referral_office
from referral_transfers import NOW

from konfliktrad_shared.contracts import topics

REJECTED = "no.konfliktraadet.referral.rejected.v1"
REGISTERED = "no.konfliktraadet.referral.registered.v1"
MINOR = "2010-05-05"  # 16 on NOW


@pytest_asyncio.fixture
async def office(tmp_path: Path) -> AsyncIterator[Office]:
    async with referral_office(tmp_path) as running:
        yield running


def filing(reference: str = "CIV-1", municipality: str = "0301", **changes: Any) -> dict[str, Any]:
    party = {"name": "Synthetic Party", "municipality": municipality, "consents": True}
    return {
        "sender_reference": reference,
        "submitted_by": "party",
        "submitter": "the claimant",
        "harm": "loss",
        "incident_date": "2026-08-01",
        "claimant": {**party, "birth_date": "1980-01-01"},
        "respondents": [{**party, "name": "Synthetic Respondent", "birth_date": "1990-01-01"}],
        **changes,
    }


async def file(office: Office, body: dict[str, Any], office_id: str = "konfliktradet-oslo") -> Any:
    return await office.http.post("/civil-cases", json=body, headers=office.case_officer(office_id))


async def decide(office: Office, case_id: str, **body: Any) -> Any:
    return await office.http.post(
        f"/cases/{case_id}/suitability", json=body, headers=office.leader()
    )


async def trail(office: Office, case_id: str) -> list[tuple[str, str, str | None, str]]:
    entries = await office.http.get(f"/cases/{case_id}/audit", headers=office.case_officer())
    return [(e["actor"], e["action"], e["legal_basis"], e["detail"]) for e in entries.json()]


# -- §2, §13 first para: Svalbard ------------------------------------------------------------


async def test_s2_a_civil_case_from_a_svalbard_resident_goes_to_the_troms_office(
    office: Office,
) -> None:
    filed = await file(office, filing(municipality="2111"), "konfliktradet-troms")
    assert filed.status_code == 201, filed.text
    assert filed.json()["office"] == "konfliktradet-troms"


async def test_s2_jan_mayen_is_refused_with_the_reason_and_what_to_give_instead(
    office: Office,
) -> None:
    refused = await file(office, filing(municipality="2211"))
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §13 first para"
    assert "Jan Mayen" in refused.json()["reason"] and "§2" in refused.json()["reason"]


# -- §8, §10 first para: the leader refuses, with reasons, on record ------------------------


async def test_s10_first_para_general_disagreement_is_recorded_and_refused_by_the_leader(
    office: Office,
) -> None:
    filed = await file(office, filing(harm="none"))
    assert filed.status_code == 201, filed.text
    case = filed.json()
    assert (case["status"], case["harm"]) == ("awaiting_suitability", "none")
    assert await office.published(REJECTED) == []

    reasons = "a disagreement over a fence; no act caused harm, loss or another violation"
    refused = await decide(office, case["case_id"], suitable=False, reasons=reasons)
    assert refused.status_code == 200, refused.text
    assert (refused.json()["status"], refused.json()["rejection_basis"]) == (
        "rejected",
        "konfliktrådsloven §1 first para",
    )
    assert refused.json()["rejection_reason"] == reasons
    assert await trail(office, case["case_id"]) == [
        (
            "saksbehandler-1",
            "filed",
            "konfliktrådsloven §1 first para",
            "from party; harm: none, general disagreement: for the leader to refuse, with reasons",
        ),
        ("leder-1", "rejected", "konfliktrådsloven §1 first para", reasons),
    ]
    # A civil refusal is the suite's to know, not the prosecution's.
    assert [topic for topic, _ in await office.published(REJECTED)] == [topics.REFERRAL_EVENTS]


async def test_s1_first_para_the_leader_cannot_find_general_disagreement_suitable(
    office: Office,
) -> None:
    case = (await file(office, filing(harm="none"))).json()
    refused = await decide(office, case["case_id"], suitable=True)
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §1 first para"
    assert (await office.case("CIV-1"))["status"] == "awaiting_suitability"


async def test_s8_second_para_the_leaders_refusal_needs_reasons(office: Office) -> None:
    case = (await file(office, filing(harm="none"))).json()
    refused = await decide(office, case["case_id"], suitable=False, reasons=" ")
    assert refused.status_code == 422
    assert refused.json()["legal_basis"] == "konfliktrådsloven §8 second para"


# -- §11 third para: who found that a minor may act alone, and when --------------------------


async def test_s11_third_para_the_leaders_finding_is_recorded_with_who_and_when(
    office: Office,
) -> None:
    minor = {"name": "Synthetic Minor", "municipality": "0301", "consents": True}
    minor |= {"birth_date": MINOR, "may_act_alone": True}
    case = (await file(office, filing(respondents=[minor]))).json()
    assert case["civil_exception_applied"] and case["civil_exception_found_by"] is None

    without_finding = await decide(office, case["case_id"], suitable=True)
    assert without_finding.status_code == 422
    assert without_finding.json()["legal_basis"] == "konfliktrådsloven §11 third para"

    found = await decide(office, case["case_id"], suitable=True, minor_may_act_alone=True)
    assert found.status_code == 200, found.text
    assert found.json()["status"] == "registered"
    assert found.json()["civil_exception_found_by"] == "leder-1"
    assert found.json()["civil_exception_found_at"] == NOW.isoformat().replace("+00:00", "Z")
    finding = ("leder-1", "civil_exception_found", "konfliktrådsloven §11 third para")
    assert (*finding, "respondent 1") in await trail(office, case["case_id"])
    assert len(await office.published(REGISTERED)) == 1


async def test_another_offices_leader_is_refused_on_the_handlers_own_load(office: Office) -> None:
    """The office check is made on the one read the handler does, in its transaction: another
    office's leader gets a missing case's answer and the case waits as before."""
    case = (await file(office, filing())).json()
    refused = await office.http.post(
        f"/cases/{case['case_id']}/suitability",
        json={"suitable": True},
        headers=office.leader("konfliktradet-bergen"),
    )
    assert (refused.status_code, refused.json()) == (404, {"detail": "no such case"})
    assert (await office.case("CIV-1"))["status"] == "awaiting_suitability"
