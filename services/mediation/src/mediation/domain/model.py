"""The mediation case: its mediators, meetings and agreements (§§9, 12, 14–18, 20, 21)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.legal_time import norwegian_date
from konfliktrad_shared.refusal import NotFound
from konfliktrad_shared.screening import Screening
from mediation.domain import bookings, events, reporting, withdrawal
from mediation.domain import meetings as meeting_rules
from mediation.domain.after_meeting import AfterTheMeeting
from mediation.domain.agreements import (
    Agreement,
    CivilMinorExemption,
    MediatorDecision,
    must_be_a_proper_decision,
    must_be_a_valid_agreement,
    panel_verdict,
)
from mediation.domain.case_file import CaseFile, case_file
from mediation.domain.errors import RuleViolation
from mediation.domain.mediators import MediatorStanding, must_be_able_to_mediate, must_form_a_panel
from mediation.domain.meetings import Meeting
from mediation.domain.roster import RosterEntry
from mediation.domain.vocabulary import MediationReaction, MeetingMode, ParticipantRole

__all__ = ["MediationCase", "NotFound", "RosterEntry"]


@dataclass
class MediationCase(AfterTheMeeting):
    case_id: str
    office: str
    reaction: MediationReaction
    opened_at: datetime
    decision_basis: DecisionBasis = DecisionBasis.TRANSFER
    parties: list[PartyRef] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    lead_mediator: str | None = None
    meetings: list[Meeting] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    events: list[Any] = field(default_factory=list, repr=False, compare=False)
    screened_parties: list[str] = field(default_factory=list)
    screening_granted: list[str] = field(default_factory=list)

    @classmethod
    def open(
        cls,
        *,
        case_id: str,
        office: str,
        reaction: MediationReaction,
        now: datetime,
        decision_basis: DecisionBasis = DecisionBasis.TRANSFER,
        parties: Sequence[PartyRef] = (),
    ) -> MediationCase:
        case = cls(case_id, office, reaction, now, decision_basis, list(parties))
        case.events.append(events.MediationCaseOpened(case_id, office, reaction, now))
        return case

    @property
    def criminal(self) -> bool:
        """Every criminal basis reaches the office through the prosecution (§17, §18)."""
        return self.decision_basis is not DecisionBasis.CIVIL

    @property
    def victimless(self) -> bool:
        return self.criminal and not any(p.role is PartyRole.VICTIM for p in self.parties)

    def move_to(self, office: str) -> None:
        """§13: the new office assigns its own mediators (§14); the old ones leave the case."""
        if office != self.office:
            self.office, self.mediators, self.lead_mediator = office, [], None

    @property
    def screening(self) -> Screening:
        return Screening(frozenset(self.screened_parties), frozenset(self.screening_granted))

    def screen(self, parties: Sequence[str], granted: Sequence[str]) -> None:
        """The leader screens the case: a mediator who is a party leaves it at once (§14)."""
        screening = Screening.of(parties, granted)
        self.screened_parties, self.screening_granted = sorted(parties), sorted(granted)
        if any(m in screening.parties for m in self.mediators):
            self.mediators = [m for m in self.mediators if m not in screening.parties]
            if self.lead_mediator not in self.mediators:
                self.lead_mediator = self.mediators[0] if len(self.mediators) == 1 else None
            if self.lead_mediator is not None:  # a panel left: the office reassigns otherwise
                panel = tuple(self.mediators)
                self.events.append(
                    events.MediatorsAssigned(self.case_id, panel, self.lead_mediator)
                )

    def assign_mediators(
        self,
        mediator_ids: Sequence[str],
        lead: str | None,
        standings: Mapping[str, MediatorStanding | None],
        now: datetime,
    ) -> None:
        self.screening.must_not_mediate(mediator_ids)
        self.lead_mediator = must_form_a_panel(
            mediator_ids, lead, standings, office=self.office, on=norwegian_date(now)
        )
        self.mediators = list(mediator_ids)
        self.events.append(
            events.MediatorsAssigned(self.case_id, tuple(mediator_ids), self.lead_mediator)
        )

    def schedule_meeting(
        self,
        meeting: Meeting,
        standings: Mapping[str, MediatorStanding | None],
        booked: Mapping[str, Sequence[datetime]] | None = None,
    ) -> None:
        """`booked`: each of the case's mediators' other meetings not yet held (any case of
        the office), which this one must not collide with (`bookings`)."""
        if not self.mediators:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §14",
                reason="the office assigns the case's mediators before a meeting is set",
            )
        for mediator_id in self.mediators:
            must_be_able_to_mediate(
                standings.get(mediator_id),
                mediator_id,
                office=self.office,
                on=norwegian_date(meeting.starts_at),
            )
        for person in meeting.participants:
            if person.role is ParticipantRole.MEDIATOR and person.person_ref not in self.mediators:
                raise RuleViolation(
                    legal_basis="konfliktrådsloven §14",
                    reason="only the case's assigned mediators mediate its meetings",
                )
        bookings.must_be_free(self.mediators, meeting.starts_at, booked or {})
        meeting_rules.must_be_lawful(meeting, self.parties, victimless=self.victimless)
        self.meetings.append(meeting)
        self.events.append(
            events.MeetingScheduled(
                self.case_id,
                meeting.meeting_id,
                self.office,
                meeting.starts_at,
                meeting.kind,
                meeting.mode is not MeetingMode.IN_PERSON,
                self._invited(meeting),
            )
        )

    def _invited(self, meeting: Meeting) -> tuple[PartyRef, ...]:
        """The attending parties, and the guardians of minors, who are always told (§11)."""
        attending = {p.person_ref for p in meeting.participants}
        minors = {p.party_id for p in self.parties if p.is_minor}
        return tuple(p for p in self.parties if p.party_id in attending or p.guardian_of in minors)

    def documents(self) -> CaseFile:
        """§20 second para, §21: the case's documents for the prosecution (or the
        correctional service), once a meeting has ended or the case is returned."""
        return case_file(
            case_id=self.case_id,
            office=self.office,
            basis=self.decision_basis,
            meetings=self.meetings,
            agreements=self.agreements,
        )

    def meeting(self, meeting_id: str) -> Meeting:
        found = next((m for m in self.meetings if m.meeting_id == meeting_id), None)
        if found is None:
            raise NotFound(f"no meeting {meeting_id}")
        return found

    def agreement(self, agreement_id: str) -> Agreement:
        found = next((a for a in self.agreements if a.agreement_id == agreement_id), None)
        if found is None:
            raise NotFound(f"no agreement {agreement_id}")
        return found

    def record_agreement(
        self,
        agreement: Agreement,
        exemption: CivilMinorExemption | None = None,
    ) -> None:
        meeting = self.meeting(agreement.meeting_id)
        if meeting.outcome is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §20 second para",
                reason="the meeting has ended and its outcome was reported",
            )
        must_be_a_valid_agreement(
            agreement,
            self.parties,
            criminal=self.criminal,
            victimless=self.victimless,
            civil_exemption=exemption,
        )
        self.agreements.append(agreement)

    def decide_on_agreement(
        self, agreement_id: str, decision: MediatorDecision, *, told_no_effect: bool
    ) -> None:
        agreement = self.agreement(agreement_id)
        if decision.mediator_id not in self.mediators:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §17 second para",
                reason="only the case's mediators decide on its agreement",
            )
        if agreement.approved_at is not None or agreement.refused_at is not None:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §17 second para",
                reason="the mediators have already decided on this agreement",
            )
        must_be_a_proper_decision(decision, criminal=self.criminal)
        if not self.criminal and decision.approves and not told_no_effect:
            raise RuleViolation(
                legal_basis="konfliktrådsloven §17 second para",
                reason="civil parties must be told the approval has no legal effect of its own",
            )
        agreement.decisions.append(decision)
        verdict = panel_verdict(agreement.decisions, self.mediators)
        if verdict is False:
            agreement.refused_at = decision.decided_at
            self.events.append(events.AgreementRefused(self.case_id, agreement_id))
        elif verdict is True:
            self._approve(agreement, decision.decided_at)

    def _approve(self, agreement: Agreement, now: datetime) -> None:
        agreement.approved_at = now
        agreement.withdrawal_ends_at = (
            withdrawal.withdrawal_ends_at(now)
            if self.criminal
            else agreement.agreed_withdrawal_deadline
        )
        self.events.append(
            events.AgreementApproved(
                self.case_id,
                agreement.agreement_id,
                self.office,
                now,
                self.criminal,
                agreement.withdrawal_ends_at,
                tuple(self.parties),
                tuple(p.due_on for p in agreement.performances),
                tuple(agreement.contact_terms),
                self.decision_basis in reporting.CONVICTED_BASES,
            )
        )
