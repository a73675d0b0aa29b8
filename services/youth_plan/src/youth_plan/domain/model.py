"""The youth case aggregate: preparation and the youth conference (§24), the execution period
(§23), the plan (§25) and the follow-up team (§26). Its other steps come from mixins: the
breach ladder (`ladder_steps.py`), interruption, new crimes and completion
(`execution_steps.py`) and the controls of §§28–30 (`control_steps.py`). Follow-up in the
office (§36) takes the same steps under the provisions §36 points to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from konfliktrad_shared.legal_time import add_months
from youth_plan.domain import conference, events, execution, plan
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.commands import (
    ApproveYouthPlan,
    CorrectExecutionPeriod,
    FormFollowUpTeam,
    HoldConferenceMeeting,
    RecordNoPlanAgreement,
    ScheduleConference,
)
from youth_plan.domain.control_steps import ControlSteps
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.execution_steps import ExecutionSteps
from youth_plan.domain.ladder_steps import LadderSteps
from youth_plan.domain.vocabulary import NewCrimeStage, Participant, YouthReaction


@dataclass
class YouthCase(LadderSteps, ExecutionSteps, ControlSteps):
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    execution_months: int
    opened_at: datetime
    decision_basis: str = "strpl_71a"
    offender_is_minor: bool = True
    offender_of_age_on: date | None = None
    parties: list[dict[str, Any]] = field(default_factory=list)
    conferences_scheduled: int = 0
    conference_meetings: int = 0
    temporary_guardian_decision: str | None = None
    execution_starts: datetime | None = None
    execution_ends: datetime | None = None
    plan_approved_at: datetime | None = None
    measures: list[str] = field(default_factory=list)
    plan_not_agreed_at: datetime | None = None
    team: list[str] = field(default_factory=list)
    team_without_guardians_reason: str | None = None
    substance_ban: str | None = None
    postponement: str | None = None
    breaches: int = 0
    ladder_stage: LadderStage = LadderStage.CLEAR
    conversation_held_on: date | None = None
    warned_on: date | None = None  # the conversation held or the conditions set
    conditions: list[str] = field(default_factory=list)
    escalated_at: datetime | None = None
    new_crime: NewCrimeStage | None = None
    interrupted_on: date | None = None
    completed_on: date | None = None
    # Every correction of the period that reached the case: applied or refused, with the §.
    period_corrections: list[dict[str, Any]] = field(default_factory=list)
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def open(
        cls,
        *,
        case_id: str,
        sender_reference: str,
        office: str,
        reaction: YouthReaction,
        execution_months: int,
        now: datetime,
        decision_basis: str = "strpl_71a",
        offender_is_minor: bool = True,
        parties: list[dict[str, Any]] | None = None,
        offender_of_age_on: date | None = None,
    ) -> YouthCase:
        """§24 first para: preparation of the conference starts as soon as the case arrives."""
        execution.check_months(reaction, execution_months)
        case = cls(
            case_id=case_id,
            sender_reference=sender_reference,
            office=office,
            reaction=reaction,
            execution_months=execution_months,
            opened_at=now,
            decision_basis=decision_basis,
            offender_is_minor=offender_is_minor,
            offender_of_age_on=offender_of_age_on,
            parties=list(parties or []),
        )
        case.events.append(events.YouthCaseOpened(case_id, office, reaction, now))
        return case

    def schedule_conference(self, cmd: ScheduleConference) -> None:
        starts_at = cmd.starts_at
        self._require_not_closed(conference.basis(self.reaction))
        self.conferences_scheduled += 1
        # An offender of age on the day is invited without the former guardians (§24).
        minor = self.offender_is_minor_on(starts_at.date())
        invited = tuple(
            party for party in self.parties if minor or party.get("guardian_of") != "offender"
        )
        self.events.append(
            events.ConferenceScheduled(
                self.case_id,
                f"{self.case_id}-conference-{self.conferences_scheduled}",
                self.office,
                starts_at,
                invited,
            )
        )

    def hold_conference_meeting(
        self, cmd: HoldConferenceMeeting, now: datetime | None = None
    ) -> bool:
        """Record one meeting (§24 sixth para: a conference may span several). The first
        meeting starts the execution period; True when it did."""
        held_on = cmd.held_on
        attendees = cmd.attendees
        temporary_guardian_decision = cmd.temporary_guardian_decision
        if self.conferences_scheduled == 0:
            raise RuleViolation(
                legal_basis=conference.basis(self.reaction),
                reason="no conference has been scheduled",
            )
        self._require_not_closed(conference.basis(self.reaction))
        conference.check_attendance(
            self.reaction,
            self.offender_is_minor_on(held_on),
            attendees,
            temporary_guardian_decision,
        )
        self.conference_meetings += 1
        if temporary_guardian_decision:
            self.temporary_guardian_decision = temporary_guardian_decision
        self.events.append(
            events.ConferenceMeetingHeld(
                self.case_id,
                self.conference_meetings,
                held_on,
                tuple(sorted(a.value for a in attendees)),
                temporary_guardian_decision,
            )
        )
        if self.execution_starts is not None:
            return False
        self.execution_starts = datetime.combine(held_on, time(0), UTC)
        self.execution_ends = add_months(self.execution_starts, self.execution_months)
        self.events.append(
            events.ExecutionStarted(self.case_id, self.execution_starts, self.execution_ends)
        )
        self._period_set(now=now or self.execution_starts, corrected=False)
        return True

    def _period_set(self, *, now: datetime, corrected: bool) -> None:
        self.events.append(
            events.ExecutionPeriodSet(
                self.case_id,
                self.sender_reference,
                self.office,
                self.reaction,
                self.execution_months,
                self.execution_starts,
                self.execution_ends,
                execution.period_basis(self.reaction),
                now,
                corrected,
            )
        )

    def correct_execution_period(self, cmd: CorrectExecutionPeriod, now: datetime) -> bool:
        """Apply the sender's corrected period, or refuse it with the provision and the reason
        (see `execution.check_period_correction`); True when the end moved."""
        months = cmd.execution_months
        if months == self.execution_months:
            return False  # nothing in the period changed
        sender, returned_basis = plan.returned_to(self.decision_basis)
        returned = None if self.plan_not_agreed_at is None else (sender.value, returned_basis)
        try:
            ends = execution.check_period_correction(
                self.reaction,
                months,
                starts=self.execution_starts,
                today=now.date(),
                completed_on=self.completed_on,
                interrupted_on=self.interrupted_on,
                stage=self.ladder_stage,
                returned=returned,
            )
        except RuleViolation as refusal:
            self._record_correction(months, now, refusal.legal_basis, refusal.reason, None)
            self.events.append(
                events.PeriodCorrectionRefused(
                    self.case_id,
                    self.sender_reference,
                    self.office,
                    self.reaction,
                    sender.value,
                    months,
                    refusal.legal_basis,
                    refusal.reason,
                    now,
                )
            )
            return False
        assert months is not None
        self.execution_months, self.execution_ends = months, ends
        basis = execution.period_basis(self.reaction)
        applied = (
            "applied: the length changed; the end is set at the conference"
            if ends is None
            else f"applied: the end moved to {ends.date()}, counted from the conference"
        )
        self._record_correction(months, now, basis, applied, ends)
        self._period_set(now=now, corrected=True)
        return ends is not None

    def _record_correction(
        self, months: int | None, now: datetime, basis: str, outcome: str, ends: datetime | None
    ) -> None:
        self.period_corrections = [
            *self.period_corrections,
            {
                "received_at": now.isoformat(),
                "execution_months": months,
                "applied": outcome.startswith("applied"),
                "legal_basis": basis,
                "reason": outcome,
                "execution_ends": None if ends is None else ends.isoformat(),
            },
        ]

    def approve_plan(self, cmd: ApproveYouthPlan, now: datetime) -> None:
        coordinator = cmd.approved_by_coordinator
        offender = cmd.approved_by_offender
        guardians = cmd.approved_by_guardians
        measures = cmd.measures
        basis = plan.basis(self.reaction)
        if self.conference_meetings == 0 or self.execution_ends is None:
            raise RuleViolation(
                legal_basis=basis, reason="the plan is made at the youth conference; none is held"
            )
        if self.plan_approved_at is not None or self.plan_not_agreed_at is not None:
            raise RuleViolation(legal_basis=basis, reason="the plan is already decided")
        plan.check_measures(self.reaction, measures)
        plan.check_approvals(
            self.reaction,
            self.offender_is_minor_on(now.date()),
            coordinator=coordinator,
            offender=offender,
            guardians=guardians,
        )
        self.plan_approved_at = now
        self.measures = sorted(m.value for m in measures)
        self.events.append(events.YouthPlanApproved(self.case_id, now, self.execution_ends))

    def record_no_plan_agreement(self, cmd: RecordNoPlanAgreement, now: datetime) -> None:
        basis = plan.basis(self.reaction)
        if self.conference_meetings == 0:
            raise RuleViolation(legal_basis=basis, reason="no conference has been held")
        if self.plan_approved_at is not None or self.plan_not_agreed_at is not None:
            raise RuleViolation(legal_basis=basis, reason="the plan is already decided")
        returned, returned_basis = plan.returned_to(self.decision_basis)
        self.plan_not_agreed_at = now
        self.events.append(
            events.PlanNotAgreed(
                self.case_id, self.office, self.reaction, returned.value, returned_basis, now
            )
        )

    def form_follow_up_team(self, cmd: FormFollowUpTeam, now: datetime) -> None:
        members = cmd.members
        guardians_not_members_reason = cmd.guardians_not_members_reason
        self._require_plan("konfliktrådsloven §26 first para")
        conference.check_follow_up_team(
            self.reaction,
            members,
            offender_is_minor=self.offender_is_minor_on(now.date()),
            guardians_not_members_reason=guardians_not_members_reason,
        )
        self.team = sorted(m.value for m in members)
        self.team_without_guardians_reason = (
            None
            if {Participant.GUARDIANS, Participant.TEMPORARY_GUARDIAN} & set(members)
            else guardians_not_members_reason
        )
        self.events.append(
            events.FollowUpTeamFormed(
                self.case_id, tuple(self.team), self.team_without_guardians_reason
            )
        )
