"""Referral's erasures: a case whose retention (domain/retention.py) has run out loses every
column that names or reaches a person; the row stays for the figures and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, literal, null, update
from sqlalchemy.ext.asyncio import AsyncConnection

from konfliktrad_shared.housekeeping import Erasure
from konfliktrad_shared.legal_time import norwegian_date, start_of_day
from konfliktrad_shared.retention import Kept
from referral.adapters.orm import cases
from referral.domain.retention import (
    CIVIL,
    CRIMINAL_MEDIATION,
    CRIMINAL_WITH_EXECUTION_PERIOD,
    REJECTED,
    WITHDRAWN,
)
from referral.domain.vocabulary import CaseKind, CaseStatus

# Every column that may name, reach or describe a person. The sender reference goes too: it
# links the row back to the police's case, and freeing it lets the sender use it again.
IDENTITIES: dict[str, Any] = {
    "offender_sealed": null(),
    "offender_index": null(),
    "victims_sealed": null(),
    "civil_parties_sealed": null(),
    "digests_sealed": null(),
    "postponement_reason_sealed": null(),
    "pending_move_reason_sealed": null(),
    "rejection_reason": null(),
    "civil_exception_found_by": null(),
    "sender": "erased",
    "sender_reference": literal("erased-") + cases.c.case_id,
}

_execution_ends = func.coalesce(cases.c.execution_ends_by_youth_plan, cases.c.execution_ends_on)
_registered = cases.c.status.in_([CaseStatus.REGISTERED, CaseStatus.AWAITING_SUITABILITY])


def _conditions(kept: Kept, now: datetime) -> list[ColumnElement[bool]]:
    before = kept.expired_before(now)
    if kept is REJECTED:
        return [cases.c.status == CaseStatus.REJECTED, cases.c.received_at < start_of_day(before)]
    if kept is WITHDRAWN:
        return [cases.c.status == CaseStatus.WITHDRAWN, cases.c.withdrawn_on < before]
    if kept is CRIMINAL_WITH_EXECUTION_PERIOD:
        return [cases.c.kind == CaseKind.CRIMINAL, _registered, _execution_ends < before]
    if kept is CRIMINAL_MEDIATION:
        criminal = cases.c.kind == CaseKind.CRIMINAL
        return [criminal, _registered, _execution_ends.is_(None), cases.c.decided_on < before]
    if kept is CIVIL:
        return [cases.c.kind == CaseKind.CIVIL, _registered, cases.c.decided_on < before]
    raise ValueError(f"no erasure written for {kept.category!r}")


def erasure(kept: Kept) -> Erasure:
    async def erase(connection: AsyncConnection, now: datetime) -> int:
        erased = await connection.execute(
            update(cases)
            .where(cases.c.erased_on.is_(None), *_conditions(kept, now))
            .values(erased_on=norwegian_date(now), **IDENTITIES)
        )
        return erased.rowcount

    return erase


ERASURES: tuple[Erasure, ...] = tuple(
    erasure(kept)
    for kept in (REJECTED, WITHDRAWN, CRIMINAL_WITH_EXECUTION_PERIOD, CRIMINAL_MEDIATION, CIVIL)
)
