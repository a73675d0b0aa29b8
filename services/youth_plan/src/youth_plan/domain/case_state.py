"""What every step of a youth case checks first: has execution started, is there a plan,
is the case still the office's (not interrupted, completed or transferred), and is the date
inside the execution period (§23)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from youth_plan.domain import breach_ladder
from youth_plan.domain.breach_ladder import LadderStage
from youth_plan.domain.errors import RuleViolation
from youth_plan.domain.vocabulary import NewCrimeStage, YouthReaction


class CaseState:
    # The aggregate's fields these steps use (declared in `model.YouthCase`).
    case_id: str
    sender_reference: str
    office: str
    reaction: YouthReaction
    offender_is_minor: bool
    offender_of_age_on: date | None
    parties: list[dict[str, Any]]
    execution_starts: datetime | None
    execution_ends: datetime | None
    plan_approved_at: datetime | None
    plan_not_agreed_at: datetime | None
    substance_ban: str | None
    measures: list[str]
    postponement: str | None
    breaches: int
    ladder_stage: LadderStage
    conversation_held_on: date | None
    warned_on: date | None
    conditions: list[str]
    escalated_at: datetime | None
    new_crime: NewCrimeStage | None
    interrupted_on: date | None
    completed_on: date | None
    events: list[Any]

    def offender_is_minor_on(self, day: date) -> bool:
        """Whether the offender still has guardians on `day`. Referral tells whether the
        offender was a minor at the decision and, if so, the day the offender turns 18.
        Guardianship of a minor ends at majority (vergemålsloven: a minor is one under 18),
        so from that day the Act's rules for "the offender's guardians" have no one to apply
        to: no attendance (§24 third–fifth para), no approval (§25 first para), no consent
        (§33 second para), no team membership (§26 first para)."""
        if not self.offender_is_minor:
            return False
        return self.offender_of_age_on is None or day < self.offender_of_age_on

    def offender_side(self, day: date) -> tuple[dict[str, Any], ...]:
        """The offender and, while a minor, the offender's guardians: whom a summons reaches.
        An offender of age is summoned alone; the former guardians are not told (§9)."""
        minor = self.offender_is_minor_on(day)
        return tuple(
            party
            for party in self.parties
            if party.get("role") == "offender" or (minor and party.get("guardian_of") == "offender")
        )

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
