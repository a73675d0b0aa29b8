"""HTTP for case officers. Views only translate; the rules are in `domain/`."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from konfliktrad_shared.auth import Principal, visible_to
from referral.domain.model import ReferralCase
from referral.entrypoints.schemas import CaseOut

CASE_OFFICER = "case_officer"


def router(
    read_case: Callable[[str], Awaitable[ReferralCase | None]],
    find_by_sender_reference: Callable[[str], Awaitable[ReferralCase | None]],
    authenticate: Any,
) -> APIRouter:
    api = APIRouter(prefix="/cases", tags=["cases"])
    CaseOfficer = Annotated[Principal, Depends(authenticate(CASE_OFFICER))]

    @api.get("", response_model=list[CaseOut])
    async def find_cases(sender_reference: str, principal: CaseOfficer) -> list[ReferralCase]:
        """The case made from a sender's referral, found by the sender's own reference."""
        case = await find_by_sender_reference(sender_reference)
        return [case] if case is not None and case.office == principal.office else []

    @api.get("/{case_id}", response_model=CaseOut)
    async def get_case(case_id: str, principal: CaseOfficer) -> ReferralCase:
        return visible_to(await read_case(case_id), principal, "case")

    return api
