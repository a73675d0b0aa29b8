"""HTTP → commands, for office leaders and the appointment committee, scoped to their office.

No `from __future__ import annotations` here: FastAPI must evaluate the route annotations,
and the `Annotated` aliases they use are local to `router()`.
"""

from typing import Annotated, Any
from uuid import uuid4

from fastapi import APIRouter, Depends, HTTPException, Response, status

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.messagebus import MessageBus, OnBehalfOf
from vetting.domain import commands
from vetting.domain.coverage import CoverageReport
from vetting.domain.diversity import Composition
from vetting.domain.model import Application, Appointment
from vetting.entrypoints import translate
from vetting.entrypoints.schemas import (
    ApplicationIn,
    ApplicationOut,
    AppointmentIn,
    AppointmentOut,
    CompositionOut,
    CoverageExceptionIn,
    CoverageOut,
    FindingOut,
    PoliceCertificateIn,
    RevocationIn,
)
from vetting.views import Views

OFFICE_LEADER = "office_leader"
COMMITTEE = "appointment_committee"


def router(bus: MessageBus, views: Views, authenticate: Any) -> APIRouter:
    api = APIRouter(tags=["vetting"])

    async def office_staff(principal: Annotated[Principal, Depends(authenticate())]) -> Principal:
        """An office leader or a member of the appointment committee, of some office."""
        if not principal.roles & {OFFICE_LEADER, COMMITTEE} or principal.office is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"requires role {OFFICE_LEADER} or {COMMITTEE}"
            )
        return principal

    Staff = Annotated[Principal, Depends(office_staff)]

    def office_of(principal: Principal, office: str | None) -> str:
        """The office asked for (default: the caller's own), if the caller's token grants it."""
        chosen = office or principal.office or ""
        if not principal.sees(chosen):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "not staff of that office")
        return chosen

    def assessed(application: Application) -> ApplicationOut:
        today = views.today()
        findings = application.assessment(today)
        return ApplicationOut(
            application_id=application.application_id,
            office=application.office,
            role=application.role,
            municipality=application.municipality,
            police_certificate=application.police_certificate,
            police_certificate_received_on=application.candidate.police_certificate_received_on,
            eligible=not findings,
            findings=[FindingOut.model_validate(finding) for finding in findings],
            assessed_on=today,
        )

    async def own_appointment(mediator_id: str, principal: Principal) -> Appointment:
        return visible_to(await views.appointment(mediator_id), principal, "mediator")

    @api.post("/applications", response_model=ApplicationOut, status_code=201)
    async def submit_application(body: ApplicationIn, principal: Staff) -> ApplicationOut:
        office_of(principal, body.office)
        command = commands.SubmitApplication(
            application_id=str(uuid4()),
            office=body.office,
            role=body.role,
            municipality=body.municipality,
            employed=body.employed,
            candidate=translate.candidate(body.candidate),
        )
        return assessed(await bus.handle(command))

    @api.get("/applications/{application_id}", response_model=ApplicationOut)
    async def get_application(application_id: str, principal: Staff) -> ApplicationOut:
        application = await views.application(application_id)
        return assessed(visible_to(application, principal, "application"))

    @api.post("/applications/{application_id}/police-certificate", response_model=ApplicationOut)
    async def record_police_certificate(
        application_id: str, body: PoliceCertificateIn, principal: Staff
    ) -> ApplicationOut:
        """§6 third para: the extended police certificate was received, with its entries
        (none: a clean certificate). No appointment before it is recorded."""
        command = commands.RecordPoliceCertificate(
            application_id,
            body.received_on,
            tuple(translate.record_entry(entry) for entry in body.entries),
        )
        return assessed(await bus.handle(OnBehalfOf(command, principal)))

    @api.post(
        "/applications/{application_id}/appointment", response_model=AppointmentOut, status_code=201
    )
    async def appoint(application_id: str, body: AppointmentIn, principal: Staff) -> Appointment:
        command = commands.Appoint(
            application_id, str(uuid4()), translate.committee(body.committee)
        )
        appointment: Appointment = await bus.handle(OnBehalfOf(command, principal))
        return appointment

    @api.get("/mediators", response_model=list[AppointmentOut])
    async def list_mediators(principal: Staff, office: str | None = None) -> list[Appointment]:
        return await views.appointments(office_of(principal, office))

    @api.get("/mediators/{mediator_id}", response_model=AppointmentOut)
    async def get_mediator(mediator_id: str, principal: Staff) -> Appointment:
        return await own_appointment(mediator_id, principal)

    @api.post("/mediators/{mediator_id}/renewals", response_model=AppointmentOut)
    async def renew(mediator_id: str, body: AppointmentIn, principal: Staff) -> Appointment:
        command = commands.RenewTerm(mediator_id, translate.committee(body.committee))
        renewed: Appointment = await bus.handle(OnBehalfOf(command, principal))
        return renewed

    @api.post("/mediators/{mediator_id}/revocations", response_model=AppointmentOut)
    async def revoke(mediator_id: str, body: RevocationIn, principal: Staff) -> Appointment:
        """§4 fifth para: the appointment committee's decision, recorded with its members."""
        entry = translate.record_entry(body.record_entry) if body.record_entry else None
        command = commands.Revoke(
            mediator_id,
            body.requirement,
            body.self_reported,
            translate.committee(body.committee),
            entry,
        )
        revoked: Appointment = await bus.handle(OnBehalfOf(command, principal))
        return revoked

    @api.get("/coverage", response_model=CoverageOut)
    async def get_coverage(principal: Staff, office: str | None = None) -> CoverageReport:
        return await views.coverage(office_of(principal, office))

    @api.post("/coverage/exceptions", status_code=204)
    async def record_exception(
        body: CoverageExceptionIn, principal: Staff, office: str | None = None
    ) -> Response:
        command = commands.RecordCoverageException(
            office_of(principal, office), body.municipality, body.reason
        )
        await bus.handle(command)
        return Response(status_code=204)

    @api.get("/composition", response_model=CompositionOut)
    async def get_composition(principal: Staff, office: str | None = None) -> Composition:
        return await views.composition(office_of(principal, office))

    return api
