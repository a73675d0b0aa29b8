"""The breach ladder and its sequels as steps of the youth case (§§31–34, §36 second and
third para). The rules are in `breach_ladder.py` and `execution.py`; here the case moves."""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime
from typing import Any

from youth_plan.domain import breach_ladder, events, execution
from youth_plan.domain.breach_ladder import LadderOutcome, LadderStage
from youth_plan.domain.commands import (
    BreachedObligation,
    Condition,
    InterruptionGrounds,
    NewCrimeStage,
    Participant,
    RepeatedBreachAction,
    RepeatedBreachDecision,
    YouthReaction,
)
from youth_plan.domain.errors import RuleViolation


class LadderSteps:
    # The aggregate's fields these steps use (declared in `model.YouthCase`).
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    offender_is_minor: bool
    parties: list[dict[str, Any]]
    execution_starts: datetime | None
    execution_ends: datetime | None
    plan_approved_at: datetime | None
    plan_not_agreed_at: datetime | None
    substance_ban: str | None
    breaches: int
    ladder_stage: LadderStage
    conversation_held_on: date | None
    conditions: list[str]
    escalated_at: datetime | None
    new_crime: NewCrimeStage | None
    interrupted_on: date | None
    completed_on: date | None
    events: list[Any]

    def record_breach(
        self,
        *,
        occurred_on: date,
        now: datetime,
        obligation: BreachedObligation = BreachedObligation.YOUTH_PLAN,
        intentional_or_negligent: bool = True,
        decision: RepeatedBreachDecision | None = None,
    ) -> LadderOutcome:
        first = breach_ladder.provision(self.reaction, "first para")
        self._require_running(first, occurred_on)
        breach_ladder.check_breach(self.reaction, intentional_or_negligent)
        if obligation is BreachedObligation.SUBSTANCE_BAN and not self.substance_ban:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §28 first para", reason="no ban is in force"
            )
        if obligation is BreachedObligation.LADDER_CONDITION and not self.conditions:
            raise RuleViolation(
                legal_basis=breach_ladder.provision(self.reaction, "third para"),
                reason="no conditions under the second para are set",
            )
        self.ladder_stage, outcome = breach_ladder.after_breach(self.reaction, self.ladder_stage)
        self.breaches += 1
        self.events.append(events.BreachRecorded(self.case_id, self.breaches, now))
        if decision is not None:
            return self.decide_on_repeated_breach(decision=decision, now=now)
        return outcome

    def summon_to_breach_conversation(self, *, starts_at: datetime) -> None:
        breach_ladder.check_summons(self.reaction, self.ladder_stage)
        self.ladder_stage = LadderStage.SUMMONED
        offender_side = tuple(
            party
            for party in self.parties
            if party.get("role") == "offender" or party.get("guardian_of") == "offender"
        )
        self.events.append(
            events.BreachConversationScheduled(
                self.case_id,
                self.office,
                starts_at,
                breach_ladder.provision(self.reaction, "first para"),
                offender_side,
            )
        )

    def hold_breach_conversation(self, *, held_on: date, attended: bool, now: datetime) -> None:
        self._require_running(breach_ladder.provision(self.reaction, "first para"), held_on)
        breach_ladder.check_conversation(self.reaction, self.ladder_stage)
        if attended:
            self.ladder_stage = LadderStage.WARNED
            self.conversation_held_on = held_on
        else:
            self.ladder_stage = LadderStage.NO_SHOW
        self.events.append(events.BreachConversationHeld(self.case_id, now, attended))

    def set_conditions(
        self,
        *,
        conditions: Set[Condition],
        necessity: str,
        consents: Set[Participant],
        now: datetime,
    ) -> None:
        basis = breach_ladder.provision(self.reaction, "second para")
        self._require_running(basis, now.date())
        breach_ladder.check_conditions(
            self.reaction,
            self.ladder_stage,
            self.offender_is_minor,
            count=len(conditions),
            necessity=necessity,
            consents=consents,
        )
        self.conditions = sorted({*self.conditions, *(c.value for c in conditions)})
        self.ladder_stage = LadderStage.WARNED
        self.events.append(events.ConditionsSet(self.case_id, tuple(self.conditions), basis))

    def decide_on_repeated_breach(
        self, *, decision: RepeatedBreachDecision, now: datetime
    ) -> LadderOutcome:
        breach_ladder.check_repeated_breach_decision(
            self.reaction, self.ladder_stage, decision.consents
        )
        if decision.action is RepeatedBreachAction.NEW_CONFERENCE:
            outcome = breach_ladder.new_conference(self.reaction)
            self.ladder_stage = LadderStage.CLEAR  # the new conference starts the ladder anew
            self.events.append(events.NewConferenceConvened(self.case_id, outcome.legal_basis))
            return outcome
        outcome = breach_ladder.transfer(self.reaction)
        self.ladder_stage = LadderStage.TRANSFERRED
        self.escalated_at = now
        self.events.append(
            events.BreachEscalated(
                case_id=self.case_id,
                sender_reference=self.sender_reference,
                office=self.office,
                reaction=self.reaction,
                legal_basis=outcome.legal_basis,
                breaches=self.breaches,
                escalated_at=now,
                consequence=outcome.consequence,
            )
        )
        return outcome

    def interrupt_execution(self, *, grounds: InterruptionGrounds, on: date) -> str:
        """Record the moment execution is interrupted; it stops the completion (§§31–34)."""
        self._require_started("konfliktrådsloven §23")
        if self.interrupted_on is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §23", reason="execution is already interrupted"
            )
        basis = execution.check_interruption(
            self.reaction,
            grounds,
            stage=self.ladder_stage,
            conversation_held=self.conversation_held_on is not None,
            new_crime=self.new_crime,
        )
        self.interrupted_on = on
        self.events.append(
            events.ExecutionInterrupted(
                self.case_id, self.office, self.reaction, grounds.value, basis, on
            )
        )
        return basis

    def report_new_crime(
        self,
        *,
        stage: NewCrimeStage,
        on: date,
        coordinator_requests_court: bool,
        consents: Set[Participant],
    ) -> str:
        basis = execution.new_crime_basis(self.reaction)
        self._require_started(basis)
        self._require_within_period(basis, on)
        execution.check_new_crime_request(
            self.reaction, coordinator_requests_court, frozenset(consents)
        )
        self.new_crime = stage
        self.events.append(
            events.NewCrimeReported(
                self.case_id,
                self.office,
                self.reaction,
                stage.value,
                basis,
                coordinator_requests_court,
                on,
            )
        )
        return basis

    def complete(self) -> bool:
        """The execution period has run out: completion is reported unless execution was
        interrupted or the case was transferred; True when it was."""
        if self.execution_ends is None or self.completed_on is not None:
            return False
        if self.interrupted_on is not None or self.ladder_stage is LadderStage.TRANSFERRED:
            return False
        if self.plan_approved_at is None:
            return False
        self.completed_on = self.execution_ends.date()
        self.events.append(
            events.ExecutionCompleted(
                self.case_id,
                self.office,
                self.reaction,
                self.completed_on,
                execution.police_record_until(self.completed_on),
            )
        )
        return True

    def _require_started(self, basis: str) -> None:
        if self.execution_starts is None or self.execution_ends is None:
            raise RuleViolation(
                legal_basis=basis, reason="execution has not started: no conference is held"
            )

    def _require_within_period(self, basis: str, on: date) -> None:
        assert self.execution_starts is not None and self.execution_ends is not None
        if not self.execution_starts.date() <= on <= self.execution_ends.date():
            raise RuleViolation(
                legal_basis=f"{basis}; konfliktrådsloven §23",
                reason="the date is outside the execution period",
            )

    def _require_plan(self, basis: str) -> None:
        if self.plan_approved_at is None:
            raise RuleViolation(legal_basis=basis, reason="no approved plan")

    def _require_not_closed(self, basis: str) -> None:
        if self.interrupted_on is not None or self.completed_on is not None:
            raise RuleViolation(legal_basis=basis, reason="execution is interrupted or completed")
        if self.ladder_stage is LadderStage.TRANSFERRED:
            raise RuleViolation(
                legal_basis=breach_ladder.provision(self.reaction, "third para"),
                reason="the case has been transferred after repeated breaches",
            )

    def _require_running(self, basis: str, on: date) -> None:
        """Execution running on `on`: conference held, plan approved, not closed."""
        self._require_started(basis)
        self._require_plan(basis)
        self._require_not_closed(basis)
        self._require_within_period(basis, on)
