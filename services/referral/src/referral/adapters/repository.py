"""Cases in and out of the database, sealing personal data on the way in.

An explicit data mapper rather than imperative mapping: encryption needs the runtime's keys,
which an ORM type would have to reach through global state.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.crypto import BlindIndexer, FieldCipher
from referral.adapters.orm import cases
from referral.domain.commands import (
    Condition,
    DecisionBasis,
    DecisionMaker,
    Guardian,
    Offender,
    Reaction,
    Victim,
)
from referral.domain.model import CaseStatus, ReferralCase


class ReferralCaseRepository:
    def __init__(self, session: AsyncSession, cipher: FieldCipher, indexer: BlindIndexer) -> None:
        self._session = session
        self._cipher = cipher
        self._indexer = indexer
        self.seen: dict[str, ReferralCase] = {}

    async def add(self, case: ReferralCase) -> None:
        await self._session.execute(insert(cases).values(self._to_row(case)))
        self.seen[case.case_id] = case

    async def get(self, case_id: str) -> ReferralCase | None:
        return await self._one(cases.c.case_id == case_id)

    async def get_by_sender_reference(self, sender_reference: str) -> ReferralCase | None:
        return await self._one(cases.c.sender_reference == sender_reference)

    async def _one(self, condition: Any) -> ReferralCase | None:
        row = (await self._session.execute(select(cases).where(condition))).mappings().first()
        if row is None:
            return None
        case = self._from_row(row)
        self.seen[case.case_id] = case
        return case

    def _to_row(self, case: ReferralCase) -> dict[str, Any]:
        offender = asdict(case.offender)
        offender["birth_date"] = case.offender.birth_date.isoformat()
        victims = [asdict(victim) for victim in case.victims]
        for victim in victims:
            victim["birth_date"] = victim["birth_date"] and victim["birth_date"].isoformat()
        return {
            "case_id": case.case_id,
            "sender_reference": case.sender_reference,
            "sender": case.sender,
            "office": case.office,
            "reaction": case.reaction.value,
            "decision_basis": case.decision_basis.value,
            "offence_date": case.offence_date,
            "decided_on": case.decided_on,
            "execution_months": case.execution_months,
            "received_at": case.received_at,
            "status": case.status.value,
            "rejection_basis": case.rejection_basis,
            "rejection_reason": case.rejection_reason,
            "offender_sealed": self._cipher.encrypt(
                json.dumps(offender), table="cases", column="offender_sealed"
            ),
            "offender_index": self._indexer.blind_index(case.offender.national_id),
            "victims_sealed": self._cipher.encrypt(
                json.dumps(victims), table="cases", column="victims_sealed"
            ),
            "decided_by": case.decided_by and case.decided_by.value,
            "condition_letter": case.condition and case.condition.value,
            "execution_ends_on": case.execution_ends_on,
            "no_new_crimes_condition": case.no_new_crimes_condition,
            "compensation_condition": case.compensation_condition,
            "temporary_guardian_needed": case.temporary_guardian_needed,
        }

    def _from_row(self, row: RowMapping) -> ReferralCase:
        sealed = json.loads(
            self._cipher.decrypt(row["offender_sealed"], table="cases", column="offender_sealed")
        )
        offender = Offender(
            national_id=sealed["national_id"],
            name=sealed["name"],
            birth_date=date.fromisoformat(sealed["birth_date"]),
            municipality=sealed["municipality"],
            consents=sealed["consents"],
            acknowledges_guilt=sealed["acknowledges_guilt"],
            guardians=tuple(Guardian(**guardian) for guardian in sealed["guardians"]),
        )
        victims = tuple(
            Victim(
                **{
                    **victim,
                    "birth_date": _date_or_none(victim["birth_date"]),
                    "guardians": tuple(Guardian(**guardian) for guardian in victim["guardians"]),
                }
            )
            for victim in self._unseal_victims(row["victims_sealed"])
        )
        return ReferralCase(
            case_id=row["case_id"],
            sender_reference=row["sender_reference"],
            sender=row["sender"],
            office=row["office"],
            reaction=Reaction(row["reaction"]),
            decision_basis=DecisionBasis(row["decision_basis"]),
            offence_date=row["offence_date"],
            decided_on=row["decided_on"],
            execution_months=row["execution_months"],
            received_at=row["received_at"],
            offender=offender,
            status=CaseStatus(row["status"]),
            decided_by=DecisionMaker(row["decided_by"]) if row["decided_by"] else None,
            condition=Condition(row["condition_letter"]) if row["condition_letter"] else None,
            execution_ends_on=row["execution_ends_on"],
            no_new_crimes_condition=row["no_new_crimes_condition"],
            compensation_condition=row["compensation_condition"],
            temporary_guardian_needed=row["temporary_guardian_needed"],
            victims=victims,
            rejection_basis=row["rejection_basis"],
            rejection_reason=row["rejection_reason"],
        )

    def _unseal_victims(self, sealed: str | None) -> list[dict[str, Any]]:
        if sealed is None:
            return []
        victims: list[dict[str, Any]] = json.loads(
            self._cipher.decrypt(sealed, table="cases", column="victims_sealed")
        )
        return victims


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
