"""Request bodies → domain objects and commands, kept out of the routes."""

from __future__ import annotations

from fastapi import HTTPException, status

from mediation.domain import commands
from mediation.domain.agreements import Agreement, CivilMinorExemption, Performance
from mediation.domain.meetings import Meeting, Participant, Permission
from mediation.entrypoints.schemas import (
    AgreementIn,
    DecisionIn,
    MeetingIn,
    OutcomeIn,
    PermissionIn,
    WithdrawalIn,
)


def _permission(given: PermissionIn | None, granted_by: str) -> Permission | None:
    return None if given is None else Permission(given.justification, granted_by)


def meeting(meeting_id: str, body: MeetingIn, *, granted_by: str) -> Meeting:
    return Meeting(
        meeting_id=meeting_id,
        kind=body.kind,
        starts_at=body.starts_at,
        mode=body.mode,
        participants=[Participant(**p.model_dump()) for p in body.participants],
        indirect_permission=_permission(body.indirect_permission, granted_by),
        affected_person_permission=_permission(body.affected_person_permission, granted_by),
        company_permission=_permission(body.company_permission, granted_by),
        support_permission=_permission(body.support_permission, granted_by),
    )


def record_agreement(
    case_id: str, agreement_id: str, body: AgreementIn
) -> commands.RecordAgreement:
    agreement = Agreement(
        agreement_id=agreement_id,
        meeting_id=body.meeting_id,
        in_writing=body.in_writing,
        signed_by=list(body.signed_by),
        guardians_approving=list(body.guardians_approving),
        performances=[Performance(**p.model_dump()) for p in body.performances],
        final_settlement=body.final_settlement,
        contact_terms=list(body.contact_terms),
        agreed_withdrawal_deadline=body.agreed_withdrawal_deadline,
    )
    exemption = CivilMinorExemption(
        body.minor_may_contract_alone, body.mediator_finds_it_unproblematic
    )
    return commands.RecordAgreement(case_id, agreement, exemption)


def decision(
    case_id: str, agreement_id: str, mediator_id: str, body: DecisionIn
) -> commands.DecideOnAgreement:
    return commands.DecideOnAgreement(
        case_id,
        agreement_id,
        mediator_id,
        body.approves,
        body.in_writing,
        body.reasons,
        body.parties_told_approval_has_no_legal_effect,
    )


def end_meeting(case_id: str, meeting_id: str, body: OutcomeIn) -> commands.EndMeeting:
    return commands.EndMeeting(
        case_id,
        meeting_id,
        body.held,
        body.not_held_because.value if body.not_held_because else None,
        body.agreement_reached,
        tuple(body.present),
        tuple(body.told_of_confidentiality),
    )


def after_approval(case_id: str, agreement_id: str, step: str, body: WithdrawalIn | None) -> object:
    if step == "withdrawal":
        if body is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "party_id is required")
        return commands.WithdrawFromAgreement(case_id, agreement_id, body.party_id)
    if step == "fulfilment":
        return commands.ConfirmFulfilment(case_id, agreement_id)
    if step == "breach":
        return commands.ReportBreach(case_id, agreement_id)
    raise HTTPException(status.HTTP_404_NOT_FOUND, f"no step {step}")
