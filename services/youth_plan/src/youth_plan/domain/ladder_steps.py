"""The breach ladder as steps of the youth case (§31, §33, §36 second para cf. §33). The rules
are in `breach_ladder.py`; here the case moves."""

from __future__ import annotations

from datetime import datetime

from youth_plan.domain import breach_ladder, events
from youth_plan.domain.breach_ladder import LadderOutcome, LadderStage
from youth_plan.domain.case_state import CaseState
from youth_plan.domain.commands import (
    DecideOnRepeatedBreach,
    HoldBreachConversation,
    RecordBreach,
    SetConditions,
    SummonToBreachConversation,
)
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import (
    BreachedObligation,
    RepeatedBreachAction,
)


class LadderSteps(CaseState):
    def record_breach(self, cmd: RecordBreach, now: datetime) -> LadderOutcome:
        occurred_on = cmd.occurred_on
        obligation = cmd.obligation
        intentional_or_negligent = cmd.intentional_or_negligent
        decision = cmd.decision
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
        self.ladder_stage, outcome = breach_ladder.after_breach(
            self.reaction,
            self.ladder_stage,
            after_the_warning=self.warned_on is None or occurred_on >= self.warned_on,
            warned=self.warned_on is not None,
        )
        self.breaches += 1
        self.events.append(events.BreachRecorded(self.case_id, self.breaches, now))
        if decision is not None:
            return self.decide_on_repeated_breach(
                DecideOnRepeatedBreach(self.case_id, decision), now
            )
        return outcome

    def summon_to_breach_conversation(self, cmd: SummonToBreachConversation) -> None:
        starts_at = cmd.starts_at
        self._require_not_closed(breach_ladder.provision(self.reaction, "first para"))
        breach_ladder.check_summons(self.reaction, self.ladder_stage)
        self.ladder_stage = LadderStage.SUMMONED
        offender_side = self.offender_side(starts_at.date())
        self.events.append(
            events.BreachConversationScheduled(
                self.case_id,
                self.office,
                starts_at,
                breach_ladder.provision(self.reaction, "first para"),
                offender_side,
            )
        )

    def hold_breach_conversation(self, cmd: HoldBreachConversation, now: datetime) -> None:
        held_on = cmd.held_on
        attended = cmd.attended
        self._require_running(breach_ladder.provision(self.reaction, "first para"), held_on)
        breach_ladder.check_conversation(self.reaction, self.ladder_stage)
        if attended:
            self.ladder_stage = LadderStage.WARNED
            self.conversation_held_on = self.warned_on = held_on
        else:
            self.ladder_stage = LadderStage.NO_SHOW
        self.events.append(events.BreachConversationHeld(self.case_id, now, attended))

    def set_conditions(self, cmd: SetConditions, now: datetime) -> None:
        conditions = cmd.conditions
        necessity = cmd.necessity
        consents = cmd.consents
        basis = breach_ladder.provision(self.reaction, "second para")
        self._require_running(basis, now.date())
        breach_ladder.check_conditions(
            self.reaction,
            self.ladder_stage,
            self.offender_is_minor_on(now.date()),
            count=len(conditions),
            necessity=necessity,
            consents=consents,
        )
        self.conditions = sorted({*self.conditions, *(c.value for c in conditions)})
        self.ladder_stage = breach_ladder.stage_after_conditions(self.ladder_stage)
        self.warned_on = now.date()
        self.events.append(events.ConditionsSet(self.case_id, tuple(self.conditions), basis))

    def decide_on_repeated_breach(
        self, cmd: DecideOnRepeatedBreach, now: datetime
    ) -> LadderOutcome:
        decision = cmd.decision
        breach_ladder.check_repeated_breach_decision(
            self.reaction, self.ladder_stage, decision.consents
        )
        if decision.action is RepeatedBreachAction.NEW_CONFERENCE:
            outcome = breach_ladder.new_conference(self.reaction)
            # The new conference starts the ladder anew: a breach after it is a first one.
            self.ladder_stage, self.warned_on = LadderStage.CLEAR, None
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
