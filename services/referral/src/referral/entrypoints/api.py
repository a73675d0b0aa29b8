"""HTTP for case officers, office leaders and the secretariat. Views only translate; the rules
are in `domain/`."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.clock import Clock
from konfliktrad_shared.messagebus import MessageBus, OnBehalfOf
from referral.adapters.repository import CaseFilter
from referral.domain import commands
from referral.domain.errors import CaseNotFound
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CaseKind, CaseStatus, Reaction
from referral.entrypoints import civil_input
from referral.entrypoints.schemas import (
    AuditEntryOut,
    CaseOut,
    CivilCaseIn,
    MoveAnswerIn,
    MoveIn,
    PostponementIn,
    ScreeningIn,
    SecretariatDecisionIn,
    SuitabilityIn,
)
from referral.views import CaseViews
from referral.visibility import CASE_OFFICER, OFFICE_LEADER, SECRETARIAT, may_see

# A sender's reference or an office id: printable, so nothing odd reaches the database.
Identifier = Annotated[str | None, Query(min_length=1, max_length=64, pattern=r"^[\x20-\x7e]+$")]


def router(
    bus: MessageBus, views: CaseViews, clock: Clock, authenticate: Any, allow_synthetic: bool
) -> APIRouter:
    api = APIRouter(tags=["cases"])
    CaseOfficer = Annotated[Principal, Depends(authenticate(CASE_OFFICER))]
    Leader = Annotated[Principal, Depends(authenticate(OFFICE_LEADER))]
    Secretariat = Annotated[Principal, Depends(authenticate(SECRETARIAT))]

    def out(case: ReferralCase) -> CaseOut:
        return CaseOut.of(case, clock.now().date())

    async def own_case(case_id: str, principal: Principal) -> ReferralCase:
        case = visible_to(await views.case(case_id), principal, "case")
        if not may_see(case, principal):
            raise CaseNotFound(case_id)
        return case

    @api.get("/cases", response_model=list[CaseOut])
    async def find_cases(
        principal: CaseOfficer,
        status: CaseStatus | None = None,
        reaction: Reaction | None = None,
        kind: CaseKind | None = None,
        sender_reference: Identifier = None,
        office: Identifier = None,
        received_from: AwareDatetime | None = None,
        received_before: AwareDatetime | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> list[CaseOut]:
        """The cases of the offices in the caller's token, oldest first."""
        offices = principal.visible_offices()
        if office is not None:
            offices &= {office}
        found = await views.search(
            CaseFilter(
                offices, status, reaction, kind, sender_reference,
                received_from, received_before, limit, offset,
            )
        )  # fmt: skip
        return [out(case) for case in found if may_see(case, principal)]

    @api.get("/cases/{case_id}", response_model=CaseOut)
    async def get_case(case_id: str, principal: CaseOfficer) -> CaseOut:
        return out(await own_case(case_id, principal))

    @api.get("/cases/{case_id}/audit", response_model=list[AuditEntryOut])
    async def audit_trail(case_id: str, principal: CaseOfficer) -> list[AuditEntryOut]:
        """Who decided what, when, under which provision."""
        await own_case(case_id, principal)
        return [AuditEntryOut.of(entry) for entry in await views.audit_trail(case_id)]

    @api.post(
        "/civil-cases",
        response_model=CaseOut,
        status_code=201,
        responses={409: {"description": "the reference is another case's, one not yours"}},
    )
    async def file_civil_case(body: CivilCaseIn, principal: CaseOfficer) -> CaseOut:
        """A civil case from the parties or a public agency; it waits for the leader (§10),
        general disagreement too: only the leader refuses a case, with reasons (§8)."""
        command = civil_input.to_command(
            body, principal.subject, allow_synthetic, principal.visible_offices()
        )
        return out(await bus.handle(command))

    @api.post("/cases/{case_id}/suitability", response_model=CaseOut)
    async def decide_suitability(case_id: str, body: SuitabilityIn, principal: Leader) -> CaseOut:
        command = commands.DecideSuitability(
            case_id, body.suitable, body.reasons, principal.subject, body.minor_may_act_alone
        )
        # The office check is the handler's own load, in its transaction.
        return out(await bus.handle(OnBehalfOf(command, principal)))

    @api.put("/cases/{case_id}/screening", status_code=204)
    async def screen(case_id: str, body: ScreeningIn, principal: Leader) -> None:
        """Skjerming (konfliktrådsloven §14, forvaltningsloven §6): the office's staff or
        mediators who are a party no longer see the case; only the leader and those granted."""
        await own_case(case_id, principal)
        command = commands.ScreenCase(
            case_id, tuple(body.parties), tuple(body.granted), principal.subject
        )
        await bus.handle(OnBehalfOf(command, principal))

    @api.post("/cases/{case_id}/postponement", response_model=CaseOut)
    async def postpone(case_id: str, body: PostponementIn, principal: CaseOfficer) -> CaseOut:
        command = commands.PostponeCase(case_id, body.expected_on, body.reason, principal.subject)
        # The office check is the handler's own load, in its transaction.
        return out(await bus.handle(OnBehalfOf(command, principal)))

    @api.post("/cases/{case_id}/move", response_model=CaseOut)
    async def propose_move(case_id: str, body: MoveIn, principal: CaseOfficer) -> CaseOut:
        command = commands.ProposeMove(
            case_id,
            body.to_office,
            body.parties_heard,
            body.reason,
            principal.subject,
            body.prosecution_agrees,
        )
        # The office check is the handler's own load, in its transaction.
        return out(await bus.handle(OnBehalfOf(command, principal)))

    @api.post("/cases/{case_id}/move/answer", response_model=CaseOut)
    async def answer_move(case_id: str, body: MoveAnswerIn, principal: CaseOfficer) -> CaseOut:
        """The receiving office accepts the case or disputes the move."""
        case = await views.case(case_id)
        move = case.pending_move if case is not None else None
        if move is None or not principal.sees(move.to_office):
            raise CaseNotFound(case_id)
        command = commands.AnswerMove(case_id, body.accept, body.reason, principal.subject)
        return out(await bus.handle(command))

    @api.post("/cases/{case_id}/move/secretariat-decision", response_model=CaseOut)
    async def secretariat_decides(
        case_id: str, body: SecretariatDecisionIn, principal: Secretariat
    ) -> CaseOut:
        """Where the offices disagree, the secretariat decides (§13 second para)."""
        if await views.case(case_id) is None:
            raise CaseNotFound(case_id)
        command = commands.SecretariatDecidesMove(
            case_id, body.move, body.reason, principal.subject
        )
        return out(await bus.handle(command))

    return api
