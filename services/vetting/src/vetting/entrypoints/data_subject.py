"""The data protection officer's reads and erasures for one person (GDPR art. 15 and 17)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from konfliktrad_shared.audit_chain import ReadLog
from konfliktrad_shared.auth import Principal
from konfliktrad_shared.data_subject import (
    ACCESS,
    DATA_PROTECTION_OFFICER,
    ERASURE,
    ErasureOutcome,
    Holding,
    SubjectIn,
    audited,
)
from vetting.data_subject import DataSubjectReads


def router(reads: DataSubjectReads, authenticate: Any, read_log: ReadLog) -> APIRouter:
    api = APIRouter(prefix="/data-subject", tags=["data subject"])
    Officer = Annotated[Principal, Depends(authenticate(DATA_PROTECTION_OFFICER))]

    @api.post("/access", response_model=list[Holding])
    async def access(body: SubjectIn, principal: Officer) -> list[Holding]:
        """The person's applications and appointments, with their own data (GDPR art. 15)."""
        held = await reads.holdings(body.national_id)
        await audited(read_log, principal, purpose=ACCESS, answered=held)
        return held

    @api.post("/erasure", response_model=list[ErasureOutcome])
    async def erase(body: SubjectIn, principal: Officer) -> list[ErasureOutcome]:
        """Erases where the law allows it; refuses, with the provision, where it does not."""
        outcomes = await reads.erase(body.national_id)
        await audited(read_log, principal, purpose=ERASURE, answered=outcomes)
        return outcomes

    return api
