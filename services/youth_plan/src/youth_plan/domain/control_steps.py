"""The substance ban (§28), drug controls and home visits (§29) and postponement (§30): the
coordinator's tools during execution, outside the plan."""

from __future__ import annotations

from datetime import datetime

from youth_plan.domain import events
from youth_plan.domain.case_state import CaseState
from youth_plan.domain.commands import (
    ImposeSubstanceBan,
    LiftSubstanceBan,
    PostponeExecution,
    RecordControl,
)
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import Measure


class ControlSteps(CaseState):
    def impose_substance_ban(self, cmd: ImposeSubstanceBan, now: datetime) -> None:
        necessity = cmd.necessity
        basis = "konfliktrådsloven §28 first para"
        self._require_running(basis, now.date())
        if not necessity.strip():
            raise RuleViolation(
                legal_basis=basis,
                reason="a ban needs its reason: necessary to prevent a new crime against "
                "someone's life, health or freedom",
            )
        self.substance_ban = necessity
        self.events.append(events.SubstanceBanImposed(self.case_id, now))

    def lift_substance_ban(self, cmd: LiftSubstanceBan, now: datetime) -> None:
        if self.substance_ban is None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §28 second para", reason="no ban is in force"
            )
        self.substance_ban = None
        self.events.append(events.SubstanceBanLifted(self.case_id, now))

    def record_control(self, cmd: RecordControl) -> None:
        """§29: checks of measure (f) or a §28 ban; kept apart from the plan (§29 third
        para)."""
        kind = cmd.kind
        on = cmd.on
        basis = "konfliktrådsloven §29 first para"
        self._require_running(basis, on)
        if Measure.ABSTAIN_AND_DRUG_TESTS.value not in self.measures and not self.substance_ban:
            raise RuleViolation(
                legal_basis=basis,
                reason="controls check measure (f) or a §28 ban; the case has neither",
            )
        self.events.append(events.ControlRecorded(self.case_id, kind, on))

    def postpone(self, cmd: PostponeExecution, now: datetime) -> None:
        reason = cmd.reason
        basis = "konfliktrådsloven §30"
        self._require_running(basis, now.date())
        if not reason.strip():
            raise RuleViolation(
                legal_basis=basis,
                reason="postponement needs the offender's health or especially weighty reasons",
            )
        self.postponement = reason
        self.events.append(events.ExecutionPostponed(self.case_id, now))
