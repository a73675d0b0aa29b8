"""What ends or stops execution: interruption (§31–§34), new crimes (§32, §34, §36 third
para) and completion when the period runs out (§23). The rules are in `execution.py`."""

from __future__ import annotations

from datetime import datetime

from youth_plan.domain import events, execution
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.case_state import CaseState
from youth_plan.domain.commands import (
    CompleteExecution,
    InterruptExecution,
    ReportNewCrime,
)
from youth_plan.domain.errors import RuleViolation


class ExecutionSteps(CaseState):
    def interrupt_execution(self, cmd: InterruptExecution) -> str:
        """Record the moment execution is interrupted; it stops the completion (§§31–34)."""
        grounds = cmd.grounds
        on = cmd.on
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

    def report_new_crime(self, cmd: ReportNewCrime) -> str:
        stage = cmd.stage
        on = cmd.on
        coordinator_requests_court = cmd.coordinator_requests_court
        consents = cmd.consents
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

    def complete(self, cmd: CompleteExecution, now: datetime | None = None) -> bool:
        """The execution period has run out: completion is reported unless execution was
        interrupted or the case was transferred; True when it was. A deadline for an end a
        correction has since moved later finds the period still running and does nothing."""
        if self.execution_ends is None or self.completed_on is not None:
            return False
        if now is not None and now.date() < self.execution_ends.date():
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
