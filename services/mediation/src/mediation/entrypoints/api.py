"""HTTP → commands. Views only translate; the rules are in `domain/`.

A mediator sees only the cases they are assigned to (the token's subject is the mediator id);
the office leader sees the office's cases. Another's case answers 404, like a missing one.

No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
and the `Annotated` aliases they use are local to `router()`.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, NoReturn
from uuid import uuid4

from fastapi import APIRouter, Depends, HTTPException, status

from konfliktrad_shared.auth import Principal
from konfliktrad_shared.messagebus import MessageBus, OnBehalfOf
from mediation.domain import commands, figures, next_deadline
from mediation.domain.case_file import CaseFile
from mediation.domain.model import MediationCase
from mediation.domain.reporting import Recipient, recipient
from mediation.domain.roster import RosterEntry
from mediation.domain.staff import Staff
from mediation.entrypoints import translate
from mediation.entrypoints.schemas import (
    AgreementIn,
    AssignMediatorsIn,
    CreatedOut,
    DecisionIn,
    FiguresOut,
    MediationCaseOut,
    MeetingIn,
    NextDeadlineOut,
    NotesIn,
    OutcomeIn,
    RosterEntryOut,
    ScreeningIn,
    WithdrawalIn,
)

OFFICE_LEADER = "office_leader"
MEDIATOR = "mediator"
NOTES_HINT = "confidential (§9): kept only in this service, encrypted at rest"
# The agencies' token roles: each reads the documents of the cases reported to it.
AGENCY_ROLES = {
    Recipient.PROSECUTION: "prosecution",
    Recipient.CORRECTIONAL_SERVICE: "correctional_service",
}


def router(
    read_roster: Callable[[str], Awaitable[list[RosterEntry]]],
    read_case: Callable[[str], Awaitable[MediationCase | None]],
    read_notes: Callable[[str, str], Awaitable[list[dict[str, Any]]]],
    list_cases: Callable[[str, str | None], Awaitable[list[MediationCase]]],
    bus: MessageBus,
    authenticate: Any,
) -> APIRouter:
    api = APIRouter()

    async def office_staff(principal: Annotated[Principal, Depends(authenticate())]) -> Principal:
        """An office leader or a mediator, of some office."""
        if not principal.roles & {OFFICE_LEADER, MEDIATOR} or principal.office is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"requires role {OFFICE_LEADER} or {MEDIATOR}"
            )
        return principal

    OfficeStaff = Annotated[Principal, Depends(office_staff)]

    async def visible_case(case_id: str, principal: Principal) -> MediationCase:
        """For the reads: the commands check the same on their own load (`on_behalf_of`)."""
        case = await read_case(case_id)
        if case is None or not staff(principal).sees_case(case):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case")
        return case

    async def on_behalf_of(principal: Principal, command: object) -> Any:
        """The office and mediator check is the handler's own load, in its transaction:
        another's case answers 404 "no such case" like a missing one."""
        return await bus.handle(OnBehalfOf(command, staff(principal)))

    async def refuse(case_id: str, principal: Principal, refusal: HTTPException) -> NoReturn:
        """A refusal made before the command runs says nothing of a case the caller does not
        see: that case answers 404 as if missing, as it would have to the command."""
        await visible_case(case_id, principal)
        raise refusal

    async def seen_cases(principal: Principal) -> list[MediationCase]:
        """`GET /cases`'s cases for the caller: a screened one only if it may see it."""
        mine = None if OFFICE_LEADER in principal.roles else principal.subject
        cases = await list_cases(principal.office or "", mine)
        return [case for case in cases if staff(principal).sees_case(case)]

    def must_be(principal: Principal, role: str) -> None:
        if role not in principal.roles:
            raise role_required(role)

    @api.get("/roster", response_model=list[RosterEntryOut], tags=["roster"])
    async def get_roster(principal: OfficeStaff) -> list[RosterEntry]:
        """The mediators on the caller's own office's roster."""
        return await read_roster(principal.office or "")

    @api.get("/cases", response_model=list[MediationCaseOut], tags=["mediation cases"])
    async def get_cases(principal: OfficeStaff) -> list[MediationCase]:
        """The leader: the office's cases; a mediator: the cases they are assigned to."""
        return await seen_cases(principal)

    @api.get("/cases/{case_id}", response_model=MediationCaseOut, tags=["mediation cases"])
    async def get_case(case_id: str, principal: OfficeStaff) -> MediationCase:
        return await visible_case(case_id, principal)

    @api.get("/figures", response_model=FiguresOut, tags=["figures"])
    async def get_figures(principal: OfficeStaff) -> FiguresOut:
        """The office's cases received and closed, by kind and outcome, and the days to the
        first meeting and to closure, per month: counts and averages, nothing personal."""
        must_be(principal, OFFICE_LEADER)
        cases = await list_cases(principal.office or "", None)
        return FiguresOut.of(principal.office or "", figures.per_month(cases))

    @api.get("/deadlines", response_model=list[NextDeadlineOut], tags=["mediation cases"])
    async def get_deadlines(principal: OfficeStaff) -> list[next_deadline.NextDeadline]:
        """Each visible case's next deadline and its provision (§18, §17 fourth para): the
        same cases as `GET /cases` for the caller, dates and provisions only."""
        found = (next_deadline.next_deadline(c) for c in await seen_cases(principal))
        return [deadline for deadline in found if deadline is not None]

    @api.post("/cases/{case_id}/mediators", status_code=204, tags=["mediation cases"])
    async def assign(case_id: str, body: AssignMediatorsIn, principal: OfficeStaff) -> None:
        """§14: appointed, in term, not revoked, from the case's office; a lead if several."""
        must_be(principal, OFFICE_LEADER)
        ids = tuple(body.mediator_ids)
        await on_behalf_of(principal, commands.AssignMediators(case_id, ids, body.lead_mediator))

    @api.put("/cases/{case_id}/screening", status_code=204, tags=["mediation cases"])
    async def screen(case_id: str, body: ScreeningIn, principal: OfficeStaff) -> None:
        """Skjerming (§14): the office's staff or mediators who are a party to the case no
        longer see it nor mediate it; only the leader and those granted see it."""
        must_be(principal, OFFICE_LEADER)
        command = commands.ScreenCase(
            case_id, tuple(body.parties), tuple(body.granted), principal.subject
        )
        await on_behalf_of(principal, command)

    @api.post("/cases/{case_id}/meetings", status_code=201, tags=["meetings"])
    async def schedule(case_id: str, body: MeetingIn, principal: OfficeStaff) -> CreatedOut:
        """§§9, 12, 15, 16: the participants are agreed in advance, permissions justified.
        The leader, or a mediator of the case for its own meetings; the permissions of §12
        second–fourth para and §15 are the office's to give, so only the leader sends them."""
        if office_permissions_in(body) and OFFICE_LEADER not in principal.roles:
            await refuse(case_id, principal, role_required(OFFICE_LEADER))
        meeting = translate.meeting(str(uuid4()), body, granted_by=principal.subject)
        await on_behalf_of(principal, commands.ScheduleMeeting(case_id, meeting))
        return CreatedOut(id=meeting.meeting_id)

    @api.post("/cases/{case_id}/meetings/{meeting_id}/notes", status_code=201, tags=["meetings"])
    async def write_notes(
        case_id: str, meeting_id: str, body: NotesIn, principal: OfficeStaff
    ) -> CreatedOut:
        command = commands.WriteMeetingNotes(case_id, meeting_id, principal.subject, body.text)
        return CreatedOut(id=await on_behalf_of(principal, command))

    @api.get("/cases/{case_id}/meetings/{meeting_id}/notes", tags=["meetings"])
    async def get_notes(case_id: str, meeting_id: str, principal: OfficeStaff) -> Any:
        await visible_case(case_id, principal)
        return {"confidentiality": NOTES_HINT, "notes": await read_notes(case_id, meeting_id)}

    @api.post("/cases/{case_id}/meetings/{meeting_id}/outcome", status_code=204, tags=["meetings"])
    async def end_meeting(
        case_id: str, meeting_id: str, body: OutcomeIn, principal: OfficeStaff
    ) -> None:
        """§20 second para: the outcome goes to the prosecution; §21 decides the return."""
        await on_behalf_of(principal, translate.end_meeting(case_id, meeting_id, body))

    @api.post("/cases/{case_id}/agreements", status_code=201, tags=["agreements"])
    async def record_agreement(
        case_id: str, body: AgreementIn, principal: OfficeStaff
    ) -> CreatedOut:
        """§17: written and signed in criminal cases, guardians' approval for a minor."""
        command = translate.record_agreement(case_id, str(uuid4()), body)
        await on_behalf_of(principal, command)
        return CreatedOut(id=command.agreement.agreement_id)

    @api.post(
        "/cases/{case_id}/agreements/{agreement_id}/decisions",
        status_code=204,
        tags=["agreements"],
    )
    async def decide(
        case_id: str, agreement_id: str, body: DecisionIn, principal: OfficeStaff
    ) -> None:
        """§17 second and third para: each mediator decides for themself."""
        must_be(principal, MEDIATOR)
        command = translate.decision(case_id, agreement_id, principal.subject, body)
        await on_behalf_of(principal, command)

    @api.post(
        "/cases/{case_id}/agreements/{agreement_id}/{step}",
        status_code=204,
        tags=["agreements"],
    )
    async def after_approval(
        case_id: str,
        agreement_id: str,
        step: str,
        principal: OfficeStaff,
        body: WithdrawalIn | None = None,
    ) -> None:
        """`withdrawal` (§18, the party told the office), `fulfilment` (§20 third para) or
        `breach` (§21)."""
        must_be(principal, OFFICE_LEADER)
        try:
            command = translate.after_approval(case_id, agreement_id, step, body)
        except HTTPException as refusal:
            await refuse(case_id, principal, refusal)
        await on_behalf_of(principal, command)

    @api.get("/cases/{case_id}/documents", response_model=CaseFile, tags=["documents"])
    async def get_documents(
        case_id: str, principal: Annotated[Principal, Depends(authenticate())]
    ) -> CaseFile:
        """§20 second para, §21: the case's documents, with whether an approved agreement was
        made, for the agency the report went to (role `prosecution`; `correctional_service`
        for a community sentence) — and the office's leader. Never the meeting notes (§9).
        Another agency's case, or a civil one, answers 404 like a missing one."""
        case = await read_case(case_id)
        if case is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case")
        agency_role = AGENCY_ROLES.get(recipient(case.decision_basis))
        leader = OFFICE_LEADER in principal.roles and principal.sees(case.office)
        if not leader and (agency_role is None or agency_role not in principal.roles):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case")
        return case.documents()

    return api


def staff(principal: Principal) -> Staff:
    """The caller as mediation's rule of visibility reads them (`domain.staff`)."""
    return Staff(
        offices=principal.visible_offices(),
        mediator_id=principal.subject,
        leads=OFFICE_LEADER in principal.roles,
    )


def role_required(role: str) -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, f"requires role {role}")


def office_permissions_in(body: MeetingIn) -> bool:
    """§12 second–fourth para ("konfliktrådet kan tillate"), §15: given by the office."""
    permissions = (
        body.indirect_permission,
        body.affected_person_permission,
        body.company_permission,
        body.support_permission,
    )
    return any(permission is not None for permission in permissions)
