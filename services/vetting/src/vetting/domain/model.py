"""Applications and appointments (§4): a committee's decision on an eligible candidate, for a
four-year term (not time-limited for the leader and employees), renewed, expired or revoked.

A term runs from `term_starts` up to, not including, `term_ends` (its fourth anniversary).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from konfliktrad_shared.legal_time import add_years, norwegian_date
from vetting.domain import eligibility, events
from vetting.domain.errors import RuleViolation
from vetting.domain.record import RecordEntry
from vetting.domain.requirements import Finding, needs_case_assessment
from vetting.domain.vocabulary import Candidate, Committee, Role

TERM_YEARS = 4
TERM = "konfliktrådsloven §4 fourth para"
REVOCATION = "konfliktrådsloven §4 fifth para"


@dataclass
class Application:
    application_id: str
    office: str
    role: Role
    municipality: str
    employed: bool
    candidate: Candidate
    received_at: datetime
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    def assessment(self, on: date) -> list[Finding]:
        return eligibility.assess(self.role, self.candidate, on=on)

    def add_record_entry(self, entry: RecordEntry) -> None:
        self.candidate = replace(self.candidate, record=(*self.candidate.record, entry))

    def record_police_certificate(
        self, received_on: date, entries: tuple[RecordEntry, ...], *, now: datetime
    ) -> None:
        """§6 third para: the certificate's receipt and its entries. Reading: the entries are
        added to those already known (a self-report stays on record); a second certificate
        is a newer receipt and replaces the date."""
        if received_on > norwegian_date(now):
            raise RuleViolation(
                legal_basis="konfliktrådsloven §6 third para",
                reason="a certificate cannot have been received after today",
            )
        self.candidate = replace(
            self.candidate,
            record=(*self.candidate.record, *entries),
            police_certificate_received_on=received_on,
        )

    @property
    def police_certificate(self) -> str:
        """ "not_received", "clean" or "with_entries" — the first two are not the same (§6)."""
        if self.candidate.police_certificate_received_on is None:
            return "not_received"
        return "with_entries" if self.candidate.record else "clean"

    @property
    def time_limited(self) -> bool:
        return self.role is Role.MEDIATOR and not self.employed


class Status(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass
class Appointment:
    mediator_id: str
    application_id: str
    office: str
    municipality: str
    role: Role
    term_starts: date
    term_ends: date | None
    appointed_at: datetime
    committee_municipal: str
    committee_police: str
    committee_leader: str
    needs_case_assessment: bool
    status: Status = Status.ACTIVE
    ended_on: date | None = None
    end_basis: str | None = None
    self_reported: bool = False  # the revocation followed the mediator's own report (§6)
    # §6 third para: the certificate the appointment was made on, received on this day.
    police_certificate_received_on: date | None = None
    # §4 fifth para: the committee that revoked, recorded as the appointing one is.
    revoked_by_municipal: str | None = None
    revoked_by_police: str | None = None
    revoked_by_leader: str | None = None
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def appoint(
        cls, application: Application, *, mediator_id: str, committee: Committee, now: datetime
    ) -> Appointment:
        on = norwegian_date(now)
        if application.role is Role.MEDIATOR:
            must_be_a_full_committee(committee)
        eligibility.must_be_eligible(application.role, application.candidate, on=on)
        appointment = cls(
            mediator_id=mediator_id,
            application_id=application.application_id,
            office=application.office,
            municipality=application.municipality,
            role=application.role,
            term_starts=on,
            term_ends=add_years(on, TERM_YEARS) if application.time_limited else None,
            appointed_at=now,
            committee_municipal=committee.municipal_member,
            committee_police=committee.police_member,
            committee_leader=committee.office_leader,
            needs_case_assessment=application.role is Role.MEDIATOR
            and needs_case_assessment(application.candidate.birth_date, on=on),
            police_certificate_received_on=application.candidate.police_certificate_received_on,
        )
        appointment.events.append(
            events.MediatorAppointed(
                mediator_id,
                appointment.office,
                appointment.municipality,
                appointment.role,
                appointment.term_starts,
                appointment.term_ends,
                now,
            )
        )
        return appointment

    @property
    def appointed_by(self) -> Committee:
        return Committee(self.committee_municipal, self.committee_police, self.committee_leader)

    @property
    def revoked_by(self) -> Committee | None:
        if self.revoked_by_leader is None:
            return None
        return Committee(
            self.revoked_by_municipal or "", self.revoked_by_police or "", self.revoked_by_leader
        )

    def active_on(self, day: date) -> bool:
        within = self.term_ends is None or day < self.term_ends
        return self.status is Status.ACTIVE and self.term_starts <= day and within

    def renew(self, application: Application, committee: Committee, *, now: datetime) -> None:
        """A new four-year term from the end of the current one, on the §§5–7 facts of today."""
        on = norwegian_date(now)
        if self.term_ends is None or not self.active_on(on):
            raise RuleViolation(legal_basis=TERM, reason="only a current four-year term is renewed")
        must_be_a_full_committee(committee)
        eligibility.must_be_eligible(self.role, application.candidate, on=on)
        self.term_starts, self.term_ends = self.term_ends, add_years(self.term_ends, TERM_YEARS)
        self.committee_municipal = committee.municipal_member
        self.committee_police = committee.police_member
        self.committee_leader = committee.office_leader
        self.events.append(
            events.TermRenewed(
                self.mediator_id, self.office, self.role, self.term_starts, self.term_ends, now
            )
        )

    def end_term(self, term_ends: date, *, now: datetime) -> None:
        """The expiry deadline of a term fell due: a renewed or revoked appointment stays."""
        if self.status is not Status.ACTIVE or self.term_ends != term_ends:
            return
        if norwegian_date(now) < term_ends:
            return
        self.status, self.ended_on, self.end_basis = Status.EXPIRED, term_ends, TERM
        self.events.append(events.TermExpired(self.mediator_id, self.office, self.role, term_ends))

    def revoke(
        self,
        legal_basis: str,
        committee: Committee,
        *,
        now: datetime,
        self_reported: bool = False,
    ) -> None:
        """§4 fifth para: "Oppnevningsutvalget skal frata meklere vervet" — the committee
        revokes, as it appoints; an office leader alone cannot. Reading: every appointment the
        committee made is revoked by it, the leader's and the employees' unlimited ones too
        (the Act draws no line), and its three members are recorded with the decision."""
        on = norwegian_date(now)
        must_be_a_full_committee(committee, legal_basis=REVOCATION)
        if self.status is not Status.ACTIVE:
            raise RuleViolation(
                legal_basis=REVOCATION, reason=f"the appointment has already {self.status.value}"
            )
        basis = f"{REVOCATION}, {legal_basis}"
        self.status, self.ended_on, self.end_basis = Status.REVOKED, on, basis
        self.self_reported = self_reported
        self.revoked_by_municipal = committee.municipal_member
        self.revoked_by_police = committee.police_member
        self.revoked_by_leader = committee.office_leader
        self.events.append(events.Revoked(self.mediator_id, self.office, self.role, on, basis, now))


def must_be_a_full_committee(
    committee: Committee, *, legal_basis: str = "konfliktrådsloven §4 second para"
) -> None:
    members = (committee.municipal_member, committee.police_member, committee.office_leader)
    if not all(member.strip() for member in members):
        raise RuleViolation(
            legal_basis=legal_basis,
            reason="the committee is a municipal member, a police member and the office leader",
        )
