"""What every service answers a data subject's request with (GDPR art. 15 and 17).

The data protection officer asks each service over its API; the operator tool puts the
answers into one document. The national id travels in a request body, never in a path or
a query string, so no access log or trace holds it. Each request is entered in the service's
audit chain, one entry per record it answered or erased: who asked and under which article —
never whom it was about.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import RowMapping, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.auth import Authenticator, Credentials
from konfliktrad_shared.auth_tokens import Principal

DATA_PROTECTION_OFFICER = "data_protection_officer"
ACCESS = "data subject access (GDPR art. 15)"
ERASURE = "data subject erasure (GDPR art. 17)"


class SubjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    national_id: str = Field(pattern=r"^\d{11}$", description="fødselsnummer or D-number")


class CasePartiesIn(BaseModel):
    """For the services that know a person only by a pseudonymous party id within a case."""

    model_config = ConfigDict(extra="forbid")

    parties: list[CaseParty] = Field(max_length=1000)


class CaseParty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str = Field(max_length=64)
    party_id: str = Field(max_length=100)


class Holding(BaseModel):
    """One record a service holds on the person, with why it holds it."""

    service: str
    record: str = Field(description="what kind of record: case party, application, notice …")
    record_id: str
    office: str | None
    case_id: str | None = None
    party_id: str | None = None
    purpose: str = Field(description="the provision the record is held under")
    held: dict[str, Any] = Field(description="the person's own data as the service holds it")


class ErasureOutcome(BaseModel):
    service: str
    record_id: str
    erased: bool
    provision: str
    reason: str


CasePartiesIn.model_rebuild()


async def audited(
    read_log: ReadLog,
    principal: Principal,
    *,
    purpose: str,
    answered: Sequence[Holding | ErasureOutcome],
) -> None:
    """The request in the audit chain: one entry per record answered or erased (its case, or
    the record itself where it belongs to none), one without a case if nothing was found."""
    records = sorted({(getattr(item, "case_id", None) or item.record_id) for item in answered})
    await read_log.many(purpose, records or [None], principal=principal)


CaseHoldings = Callable[[list[CaseParty]], Awaitable[list[Holding]]]


def case_parties_router(
    holdings: CaseHoldings, authenticator: Callable[[], Authenticator], read_log: ReadLog
) -> APIRouter:
    """`POST /data-subject/case-parties` for a service that knows people only as a party id
    within a case: the operator tool asks it with the (case, party) pairs referral answered.

    The key set is read at the first request, not when the app is built: notification's
    own receipts use tokens of their own, and it must build without one."""
    api = APIRouter(prefix="/data-subject", tags=["data subject"])

    async def officer(credentials: Credentials) -> Principal:
        return await authenticator()(DATA_PROTECTION_OFFICER)(credentials)

    the_officer = Depends(officer)

    @api.post("/case-parties", response_model=list[Holding])
    async def case_parties(
        body: CasePartiesIn, principal: Principal = the_officer
    ) -> list[Holding]:
        held = await holdings(body.parties)
        await audited(read_log, principal, purpose=ACCESS, answered=held)
        return held

    return api


PersonHoldings = Callable[[str], Awaitable[list[Holding]]]
PersonErasure = Callable[[str], Awaitable[list[ErasureOutcome]]]


def national_id_router(
    holdings: PersonHoldings, erase: PersonErasure, authenticator: Authenticator, read_log: ReadLog
) -> APIRouter:
    """`POST /data-subject/access` and `/erasure` for a service that knows people by their
    national id (referral's parties, vetting's candidates)."""
    api = APIRouter(prefix="/data-subject", tags=["data subject"])
    the_officer = Depends(authenticator(DATA_PROTECTION_OFFICER))

    @api.post("/access", response_model=list[Holding])
    async def access(body: SubjectIn, principal: Principal = the_officer) -> list[Holding]:
        """What the service holds on the person, with their own data (GDPR art. 15)."""
        held = await holdings(body.national_id)
        await audited(read_log, principal, purpose=ACCESS, answered=held)
        return held

    @api.post("/erasure", response_model=list[ErasureOutcome])
    async def erasure(body: SubjectIn, principal: Principal = the_officer) -> list[ErasureOutcome]:
        """Erases where the law allows it; refuses, with the provision, where it does not."""
        outcomes = await erase(body.national_id)
        await audited(read_log, principal, purpose=ERASURE, answered=outcomes)
        return outcomes

    return api


async def parties_asked_for(
    session: AsyncSession,
    cases: Table,
    asked: list[CaseParty],
    party_id: Callable[[Any], str | None],
) -> list[tuple[RowMapping, Any]]:
    """Each asked (case, party) pair a service's case table holds: the case's row, and the
    party as the row keeps it (`party_id` reads its id, whatever shape the service stores)."""
    wanted = {(party.case_id, party.party_id) for party in asked}
    rows = await session.execute(
        select(cases).where(cases.c.case_id.in_(sorted({case for case, _ in wanted})))
    )
    return [
        (row, party)
        for row in rows.mappings().all()
        for party in row["parties"]
        if (row["case_id"], party_id(party)) in wanted
    ]
