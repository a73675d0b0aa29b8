"""The case after a meeting: outcome and report (§20), withdrawal (§18), fulfilment or breach
(§§20–21). A mixin of `MediationCase`, kept apart so each file reads in one sitting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef
from konfliktrad_shared.legal_time import norwegian_date
from mediation.domain import events, meetings, reporting, withdrawal
from mediation.domain.agreements import Agreement
from mediation.domain.errors import RuleViolation
from mediation.domain.meetings import PARTY_ROLES, MeetingOutcome
from mediation.domain.vocabulary import NotHeldBecause


class AfterTheMeeting:
    case_id: str
    office: str
    decision_basis: DecisionBasis
    parties: list[PartyRef]
    mediators: list[str]
    agreements: list[Agreement]
    events: list[Any]

    @property
    def criminal(self) -> bool:
        raise NotImplementedError

    def meeting(self, meeting_id: str) -> meetings.Meeting:
        raise NotImplementedError

    def agreement(self, agreement_id: str) -> Agreement:
        raise NotImplementedError

    def end_meeting(
        self,
        meeting_id: str,
        *,
        held: bool,
        not_held_because: NotHeldBecause | None,
        agreement_reached: bool,
        present: Sequence[str],
        told_of_confidentiality: Sequence[str],
        now: datetime,
    ) -> None:
        meeting = self.meeting(meeting_id)
        if meeting.outcome is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §20 second para",
                reason="this meeting's outcome is already recorded and reported",
            )
        if held and not_held_because is None:
            meetings.must_be_told_of_confidentiality(meeting, present, told_of_confidentiality)
        elif held or not_held_because is None or agreement_reached:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §21 first to third para",
                reason="a meeting not held states why (offender, victim, other) and reached "
                "no agreement; a held meeting has no such reason",
            )
        reached = [a for a in self.agreements if a.meeting_id == meeting_id]
        if agreement_reached and not reached:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §17 first para",
                reason="record the agreement reached before ending the meeting",
            )
        undecided = [a for a in reached if a.approved_at is None and a.refused_at is None]
        if agreement_reached and undecided:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §20 second para",
                reason="the report states whether an approved agreement was made: every "
                "mediator must decide on the agreement first",
            )
        approved = next((a for a in reached if a.in_force), None)
        meeting.outcome = MeetingOutcome(
            held, not_held_because, agreement_reached, tuple(present), now
        )
        self.events.append(
            events.MeetingEnded(
                self.case_id,
                meeting_id,
                self.office,
                self.decision_basis,
                held,
                not_held_because,
                agreement_reached,
                approved.agreement_id if approved else None,
                reporting.police_record_ends_on(norwegian_date(approved.approved_at))
                if approved and approved.approved_at and self.criminal
                else None,
                reporting.after_the_meeting(
                    self.decision_basis,
                    held=held,
                    because=not_held_because,
                    agreement=approved is not None,
                ),
                now,
                self.criminal,
                reporting.recipient(self.decision_basis),
            )
        )

    def withdraw(self, agreement_id: str, party_id: str, now: datetime) -> None:
        agreement = self.agreement(agreement_id)
        if party_id not in {p.party_id for p in self.parties if p.role in PARTY_ROLES}:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §18 first para",
                reason="only a party to the agreement can withdraw from it",
            )
        withdrawal.must_be_withdrawable(agreement, criminal=self.criminal, now=now)
        agreement.withdrawn_by = party_id
        outcome = reporting.after_the_meeting(
            self.decision_basis, held=True, because=None, agreement=False
        )
        self.events.append(
            events.AgreementWithdrawn(
                self.case_id,
                agreement_id,
                self.office,
                party_id,
                now,
                outcome,
                self.criminal,
                reporting.recipient(self.decision_basis),
            )
        )

    def close_withdrawal_period(self, agreement_id: str, now: datetime) -> None:
        """Fired by the durable deadline; a withdrawn agreement has no period left to close."""
        agreement = self.agreement(agreement_id)
        if agreement.withdrawal_period_over or not agreement.in_force:
            return
        agreement.withdrawal_period_over = True
        self.events.append(
            events.WithdrawalPeriodEnded(self.case_id, agreement_id, self.office, now)
        )

    def confirm_fulfilment(self, agreement_id: str, now: datetime) -> None:
        agreement = self._in_force(agreement_id, "konfliktrådsloven §20 third para")
        agreement.fulfilled_at = now
        self.events.append(
            events.AgreementFulfilled(
                self.case_id,
                agreement_id,
                self.office,
                now,
                self.criminal,
                reporting.recipient(self.decision_basis),
                reporting.after_fulfilment(self.decision_basis),
            )
        )

    def report_breach(self, agreement_id: str, now: datetime) -> None:
        agreement = self._in_force(agreement_id, "konfliktrådsloven §21 first to third para")
        agreement.breached_at = now
        self.events.append(
            events.AgreementBreached(
                self.case_id,
                agreement_id,
                self.office,
                now,
                reporting.after_a_breach(self.decision_basis),
                self.criminal,
                tuple(self.parties),
                reporting.recipient(self.decision_basis),
            )
        )

    def remind_of_performance(self, agreement_id: str, due_on: date) -> None:
        agreement = self.agreement(agreement_id)
        if agreement.in_force and agreement.fulfilled_at is None:
            self.events.append(
                events.PerformanceFallsDue(
                    self.case_id, agreement_id, due_on, tuple(self.parties), self.office
                )
            )

    def _in_force(self, agreement_id: str, legal_basis: str) -> Agreement:
        agreement = self.agreement(agreement_id)
        if not agreement.in_force or agreement.fulfilled_at or agreement.breached_at:
            raise RuleViolation(
                legal_basis=legal_basis,
                reason="only an approved agreement in force, not yet fulfilled or breached",
            )
        return agreement
