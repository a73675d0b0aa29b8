"""A person's access and erasure requests answered by referral (GDPR art. 15 and 17), over
the HTTP API with real tokens, on SQLite, the cases received by the inbound consumer."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from referral_service import OFFENDER_ID, TRANSFER, Office, referral_office
from sqlalchemy import select

from konfliktrad_shared import audit_chain
from konfliktrad_shared.data_subject import ACCESS
from referral.adapters import orm

OTHER_OFFENDER = "15881051211"  # synthetic (Tenor), born 2010-08-15
PERSON = OFFENDER_ID  # offender in one case, victim in another


def victim(national_id: str) -> dict[str, Any]:
    return {"national_id": national_id, "name": "Synthetic Victim", "consents": True}


async def chain(office: Office) -> list[Any]:
    table = orm.plumbing.audit
    async with office.app.state.runtime.engine.connect() as connection:
        return list((await connection.execute(select(table).order_by(table.c.seq))).mappings())


def officer(office: Office) -> dict[str, str]:
    return office.bearer("data_protection_officer", subject="dpo-1", office=None)  # type: ignore[arg-type]


async def two_cases(office: Office) -> tuple[str, str]:
    as_offender = await office.send(victims=[victim(OTHER_OFFENDER)])
    as_victim = await office.send(
        offender={**TRANSFER["offender"], "national_id": OTHER_OFFENDER},
        victims=[victim(PERSON)],
    )
    return as_offender, as_victim


def test_gdpr_art15_every_case_the_person_is_a_party_to_with_their_role(
    tmp_path: Path,
) -> None:
    async def run() -> None:
        async with referral_office(tmp_path) as office:
            as_offender, as_victim = await two_cases(office)
            await office.send(offender={**TRANSFER["offender"], "national_id": OTHER_OFFENDER})
            answered = await office.http.post(
                "/data-subject/access", json={"national_id": PERSON}, headers=officer(office)
            )
            assert answered.status_code == 200, answered.text
            roles = {
                (await office.case(ref))["case_id"]: role
                for ref, role in ((as_offender, "offender"), (as_victim, "victim"))
            }
            held = {entry["case_id"]: entry["held"]["role"] for entry in answered.json()}
            assert held == roles
            assert all(e["held"]["person"]["national_id"] == PERSON for e in answered.json())
            # In the audit chain, a read of each case answered, without saying whom about.
            entries = await chain(office)
            asked = [e for e in entries if e["action"] == ACCESS]
            assert {e["case_id"] for e in asked} == set(roles)
            assert {(e["kind"], e["actor_subject"]) for e in asked} == {("read", "dpo-1")}
            assert PERSON not in str(entries)
            assert audit_chain.verify(entries).intact

    asyncio.run(run())


def test_gdpr_art15_only_the_data_protection_officer_may_ask(tmp_path: Path) -> None:
    async def run() -> None:
        async with referral_office(tmp_path) as office:
            refused = await office.http.post(
                "/data-subject/access", json={"national_id": PERSON}, headers=office.leader()
            )
            assert refused.status_code == 403

    asyncio.run(run())


def test_gdpr_art17_erasure_is_refused_for_a_case_under_way_with_its_reason(
    tmp_path: Path,
) -> None:
    async def run() -> None:
        async with referral_office(tmp_path) as office:
            as_offender, _ = await two_cases(office)
            answered = await office.http.post(
                "/data-subject/erasure", json={"national_id": PERSON}, headers=officer(office)
            )
            assert answered.status_code == 200, answered.text
            outcomes = answered.json()
            assert len(outcomes) == 2 and not any(o["erased"] for o in outcomes)
            assert all("17(3)(b)" in o["provision"] and "§10" in o["provision"] for o in outcomes)
            assert all("under way" in o["reason"] for o in outcomes)
            still = await office.case(as_offender)
            read = await office.http.get(
                f"/cases/{still['case_id']}", headers=office.case_officer()
            )
            assert read.status_code == 200

    asyncio.run(run())
