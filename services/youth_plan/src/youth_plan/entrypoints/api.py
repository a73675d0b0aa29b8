"""HTTP → commands for youth coordinators, scoped to their office (`visible_to`). Views only
translate; the rules are in `domain/`."""

# No `from __future__ import annotations`: FastAPI must resolve the route-local
# `Annotated[..., Depends(...)]` aliases at definition time.

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from konfliktrad_shared.auth import Principal, visible_to
from konfliktrad_shared.messagebus import MessageBus, OnBehalfOf
from youth_plan.domain import commands as c
from youth_plan.domain.model import YouthCase
from youth_plan.entrypoints import schemas as s

COORDINATOR = "youth_coordinator"


def router(
    bus: MessageBus,
    read_case: Callable[[str], Awaitable[YouthCase | None]],
    authenticate: Any,
) -> APIRouter:
    api = APIRouter(prefix="/cases", tags=["youth cases"])
    Coordinator = Annotated[Principal, Depends(authenticate(COORDINATOR))]

    async def handle(case_id: str, principal: Principal, command: Any) -> Any:
        """The office check is the handler's own load, in its transaction (`OnBehalfOf`);
        another office's case answers 404 like a missing one."""
        return await bus.handle(OnBehalfOf(command, principal))

    @api.get("/{case_id}", response_model=s.YouthCaseOut)
    async def get_case(case_id: str, principal: Coordinator) -> YouthCase:
        return visible_to(await read_case(case_id), principal, "case")

    @api.post("/{case_id}/conferences", response_model=s.YouthCaseOut, status_code=201)
    async def schedule_conference(case_id: str, body: s.ConferenceIn, who: Coordinator) -> Any:
        return await handle(case_id, who, c.ScheduleConference(case_id, body.starts_at))

    @api.post("/{case_id}/conference-meetings", response_model=s.YouthCaseOut, status_code=201)
    async def hold_conference_meeting(
        case_id: str, body: s.ConferenceMeetingIn, who: Coordinator
    ) -> Any:
        command = c.HoldConferenceMeeting(
            case_id, body.held_on, frozenset(body.attendees), body.temporary_guardian_decision
        )
        return await handle(case_id, who, command)

    @api.post("/{case_id}/plan-approvals", response_model=s.YouthCaseOut)
    async def approve_plan(case_id: str, body: s.PlanApprovalIn, who: Coordinator) -> Any:
        command = c.ApproveYouthPlan(
            case_id,
            body.approved_by_coordinator,
            body.approved_by_offender,
            body.approved_by_guardians,
            frozenset(body.measures),
        )
        return await handle(case_id, who, command)

    @api.post("/{case_id}/plan-disagreements", response_model=s.YouthCaseOut, status_code=201)
    async def no_plan_agreement(case_id: str, who: Coordinator) -> Any:
        return await handle(case_id, who, c.RecordNoPlanAgreement(case_id))

    @api.put("/{case_id}/follow-up-team", response_model=s.YouthCaseOut)
    async def form_team(case_id: str, body: s.FollowUpTeamIn, who: Coordinator) -> Any:
        command = c.FormFollowUpTeam(
            case_id, frozenset(body.members), body.guardians_not_members_reason
        )
        return await handle(case_id, who, command)

    @api.put("/{case_id}/substance-ban", response_model=s.YouthCaseOut)
    async def impose_ban(case_id: str, body: s.SubstanceBanIn, who: Coordinator) -> Any:
        return await handle(case_id, who, c.ImposeSubstanceBan(case_id, body.necessity()))

    @api.delete("/{case_id}/substance-ban", response_model=s.YouthCaseOut)
    async def lift_ban(case_id: str, who: Coordinator) -> Any:
        return await handle(case_id, who, c.LiftSubstanceBan(case_id))

    @api.post("/{case_id}/controls", response_model=s.YouthCaseOut, status_code=201)
    async def record_control(case_id: str, body: s.ControlIn, who: Coordinator) -> Any:
        return await handle(case_id, who, c.RecordControl(case_id, body.kind, body.on))

    @api.post("/{case_id}/postponements", response_model=s.YouthCaseOut, status_code=201)
    async def postpone(case_id: str, body: s.PostponementIn, who: Coordinator) -> Any:
        return await handle(case_id, who, c.PostponeExecution(case_id, body.reason))

    @api.post("/{case_id}/breaches", response_model=s.LadderOutcomeOut, status_code=201)
    async def record_breach(case_id: str, body: s.BreachIn, who: Coordinator) -> Any:
        decision = (
            None
            if body.decision is None
            else c.RepeatedBreachDecision(body.decision.action, frozenset(body.decision.consents))
        )
        command = c.RecordBreach(
            case_id, body.occurred_on, body.obligation, body.intentional_or_negligent, decision
        )
        return await handle(case_id, who, command)

    @api.post("/{case_id}/breach-summonses", response_model=s.YouthCaseOut, status_code=201)
    async def summon(case_id: str, body: s.SummonsIn, who: Coordinator) -> Any:
        return await handle(case_id, who, c.SummonToBreachConversation(case_id, body.starts_at))

    @api.post("/{case_id}/breach-conversations", response_model=s.YouthCaseOut, status_code=201)
    async def hold_conversation(
        case_id: str, body: s.BreachConversationIn, who: Coordinator
    ) -> Any:
        command = c.HoldBreachConversation(case_id, body.held_on, body.attended)
        return await handle(case_id, who, command)

    @api.post("/{case_id}/conditions", response_model=s.YouthCaseOut, status_code=201)
    async def set_conditions(case_id: str, body: s.ConditionsIn, who: Coordinator) -> Any:
        command = c.SetConditions(
            case_id, frozenset(body.conditions), body.necessity(), frozenset(body.consents)
        )
        return await handle(case_id, who, command)

    @api.post(
        "/{case_id}/repeated-breach-decisions", response_model=s.LadderOutcomeOut, status_code=201
    )
    async def decide(case_id: str, body: s.RepeatedBreachDecisionIn, who: Coordinator) -> Any:
        decision = c.RepeatedBreachDecision(body.action, frozenset(body.consents))
        return await handle(case_id, who, c.DecideOnRepeatedBreach(case_id, decision))

    @api.post("/{case_id}/interruptions", response_model=s.ProvisionOut, status_code=201)
    async def interrupt(case_id: str, body: s.InterruptionIn, who: Coordinator) -> Any:
        basis = await handle(case_id, who, c.InterruptExecution(case_id, body.grounds, body.on))
        return {"legal_basis": basis}

    @api.post("/{case_id}/new-crimes", response_model=s.ProvisionOut, status_code=201)
    async def new_crime(case_id: str, body: s.NewCrimeIn, who: Coordinator) -> Any:
        command = c.ReportNewCrime(
            case_id,
            body.stage,
            body.on,
            body.coordinator_requests_court,
            frozenset(body.consents),
        )
        return {"legal_basis": await handle(case_id, who, command)}

    return api
