"""Use cases: each owns its transaction (`async with uow` … `await uow.commit()`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from konfliktrad_shared.legal_time import norwegian_date
from konfliktrad_shared.refusal import NotFound
from vetting.adapters.unit_of_work import VettingUnitOfWork
from vetting.domain import commands, coverage, offices, revocation
from vetting.domain.model import Application, Appointment


async def submit_application(
    cmd: commands.SubmitApplication, uow: VettingUnitOfWork
) -> Application:
    async with uow:
        if cmd.role is commands.Role.MEDIATOR:
            coverage.must_be_covered_by(
                cmd.office, cmd.municipality, offices.covered_by(cmd.office)
            )
        application = Application(
            application_id=cmd.application_id,
            office=cmd.office,
            role=cmd.role,
            municipality=cmd.municipality,
            employed=cmd.employed,
            candidate=cmd.candidate,
            received_at=uow.clock.now(),
        )
        await uow.applications.add(application)
        await uow.commit()
        return application


async def appoint(cmd: commands.Appoint, uow: VettingUnitOfWork) -> Appointment:
    async with uow:
        existing = await uow.appointments.for_application(cmd.application_id)
        if existing is not None:
            if not uow.visible(existing.office):
                raise UnknownApplication()
            return existing  # one application, one appointment: a retry appoints nothing new
        application = await _application(uow, cmd.application_id)
        appointment = Appointment.appoint(
            application, mediator_id=cmd.mediator_id, committee=cmd.committee, now=uow.clock.now()
        )
        uow.appointments.add(appointment)
        if appointment.term_ends is not None:
            await uow.schedule_term_expiry(appointment.mediator_id, appointment.term_ends)
        await uow.commit()
        return appointment


async def renew_term(cmd: commands.RenewTerm, uow: VettingUnitOfWork) -> Appointment:
    async with uow:
        appointment = await _appointment(uow, cmd.mediator_id)
        application = await _application(uow, appointment.application_id)
        appointment.renew(application, cmd.committee, now=uow.clock.now())
        assert appointment.term_ends is not None  # renew() refuses an unlimited one
        await uow.schedule_term_expiry(appointment.mediator_id, appointment.term_ends)
        await uow.commit()
        return appointment


async def end_term(cmd: commands.EndTerm, uow: VettingUnitOfWork) -> None:
    async with uow:
        appointment = await _appointment(uow, cmd.mediator_id)
        appointment.end_term(cmd.term_ends, now=uow.clock.now())
        await uow.commit()


async def revoke(cmd: commands.Revoke, uow: VettingUnitOfWork) -> Appointment:
    async with uow:
        appointment = await _appointment(uow, cmd.mediator_id)
        application = await _application(uow, appointment.application_id)
        now = uow.clock.now()
        basis = revocation.basis_for(cmd, application, on=norwegian_date(now))
        appointment.revoke(basis, cmd.committee, now=now, self_reported=cmd.self_reported)
        await uow.applications.save(application)
        await uow.commit()
        return appointment


async def record_police_certificate(
    cmd: commands.RecordPoliceCertificate, uow: VettingUnitOfWork
) -> Application:
    async with uow:
        application = await _application(uow, cmd.application_id)
        application.record_police_certificate(cmd.received_on, cmd.entries, now=uow.clock.now())
        await uow.applications.save(application)
        await uow.commit()
        return application


async def record_coverage_exception(
    cmd: commands.RecordCoverageException, uow: VettingUnitOfWork
) -> None:
    async with uow:
        coverage.must_be_covered_by(cmd.office, cmd.municipality, offices.covered_by(cmd.office))
        await uow.coverage_exceptions.record(
            cmd.office, cmd.municipality, cmd.reason, uow.clock.now()
        )
        await uow.commit()


async def _application(uow: VettingUnitOfWork, application_id: str) -> Application:
    """The application, if the caller (`OnBehalfOf`) sees its office: the office check is this
    one load, in the handler's transaction."""
    application = await uow.applications.get(application_id)
    if application is None or not uow.visible(application.office):
        raise UnknownApplication()
    return application


async def _appointment(uow: VettingUnitOfWork, mediator_id: str) -> Appointment:
    appointment = await uow.appointments.get(mediator_id)
    if appointment is None or not uow.visible(appointment.office):
        raise UnknownAppointment()
    return appointment


class UnknownApplication(NotFound):
    def __init__(self) -> None:
        super().__init__("no such application")


class UnknownAppointment(NotFound):
    def __init__(self) -> None:
        super().__init__("no such mediator")


Handler = Callable[[Any, VettingUnitOfWork], Awaitable[Any]]

COMMAND_HANDLERS: dict[type, Handler] = {
    commands.SubmitApplication: submit_application,
    commands.Appoint: appoint,
    commands.RenewTerm: renew_term,
    commands.EndTerm: end_term,
    commands.Revoke: revoke,
    commands.RecordPoliceCertificate: record_police_certificate,
    commands.RecordCoverageException: record_coverage_exception,
}

EVENT_HANDLERS: dict[type, Sequence[Handler]] = {}
