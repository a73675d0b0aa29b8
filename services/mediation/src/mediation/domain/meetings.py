"""Who meets, and how (§§9, 12, 15, 16). The list of participants is agreed in advance (§9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from mediation.domain.errors import RuleViolation
from mediation.domain.vocabulary import MeetingKind, MeetingMode, NotHeldBecause, ParticipantRole

PARTY_ROLES = {PartyRole.OFFENDER, PartyRole.VICTIM, PartyRole.CLAIMANT, PartyRole.RESPONDENT}


@dataclass(frozen=True)
class Participant:
    """`person_ref` is a case party's `party_id`, or a pseudonymous ref for anyone else."""

    person_ref: str
    role: ParticipantRole
    for_party: str | None = None  # whom a support person, interpreter or representative helps
    is_minor: bool = False
    is_organisation: bool = False
    is_partys_lawyer: bool = False  # a lawyer or legal aid of a party
    qualified: bool = False  # an interpreter's qualification (§16)


@dataclass(frozen=True)
class Permission:
    """The office's permission under §12 second–fourth para or §15, with why (§12 fifth)."""

    justification: str
    granted_by: str


@dataclass(frozen=True)
class MeetingOutcome:
    held: bool
    not_held_because: NotHeldBecause | None
    agreement_reached: bool
    present: tuple[str, ...]
    recorded_at: datetime


@dataclass
class Meeting:
    meeting_id: str
    kind: MeetingKind
    starts_at: datetime
    mode: MeetingMode
    participants: list[Participant]
    indirect_permission: Permission | None = None
    affected_person_permission: Permission | None = None
    company_permission: Permission | None = None
    support_permission: Permission | None = None
    outcome: MeetingOutcome | None = None


def must_be_lawful(meeting: Meeting, parties: Sequence[PartyRef], *, victimless: bool) -> None:
    must_meet_in_person(meeting, parties)
    must_be_lawfully_indirect(meeting)
    if victimless:
        must_have_an_affected_person(meeting)
    must_be_a_lawful_helper(meeting)


def must_be_justified(permission: Permission | None, *, needed_for: str, legal_basis: str) -> None:
    if permission is None or not permission.justification.strip():
        raise RuleViolation(
            legal_basis=f"{legal_basis}, konfliktrådsloven §12 fifth para",
            reason=f"{needed_for} needs the office's permission with a recorded justification",
        )


def must_meet_in_person(meeting: Meeting, parties: Sequence[PartyRef]) -> None:
    """§12 first para: the parties attend themselves; nobody stands in for a victim."""
    present = {p.person_ref for p in meeting.participants if p.role is ParticipantRole.PARTY}
    party_ids = {party.party_id for party in parties if party.role in PARTY_ROLES}
    strangers = present - party_ids
    if strangers:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §12 first para",
            reason="only the parties themselves attend as parties: no proxies",
        )
    represented = {
        p.for_party
        for p in meeting.participants
        if p.role is ParticipantRole.COMPANY_REPRESENTATIVE
    }
    victims = {party.party_id for party in parties if party.role is PartyRole.VICTIM}
    if represented - victims:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §12 first and fourth para",
            reason="only a company that suffered the harm may be represented; the offender "
            "attends in person",
        )
    if represented:
        must_be_justified(
            meeting.company_permission,
            needed_for="a company represented by an affected person",
            legal_basis="konfliktrådsloven §12 fourth para",
        )
    absent = party_ids - present - represented
    if absent:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §12 first para",
            reason="every party must attend in person; no one may attend on a victim's behalf",
        )


def must_be_lawfully_indirect(meeting: Meeting) -> None:
    if meeting.mode is not MeetingMode.IN_PERSON:
        must_be_justified(
            meeting.indirect_permission,
            needed_for=f"indirect mediation ({meeting.mode.value})",
            legal_basis="konfliktrådsloven §12 second para",
        )


def must_have_an_affected_person(meeting: Meeting) -> None:
    """§12 third para: a victimless offence needs someone affected, a private person."""
    affected = [p for p in meeting.participants if p.role is ParticipantRole.AFFECTED_PERSON]
    if not affected or all(p.is_organisation for p in affected):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §12 third para",
            reason="a victimless offence may be mediated only with an affected private person",
        )
    must_be_justified(
        meeting.affected_person_permission,
        needed_for="mediation of a victimless offence with an affected person",
        legal_basis="konfliktrådsloven §12 third para",
    )


def must_be_a_lawful_helper(meeting: Meeting) -> None:
    for person in meeting.participants:
        if person.role is ParticipantRole.SUPPORT_PERSON:
            if person.is_partys_lawyer:
                raise RuleViolation(
                    legal_basis="konfliktrådsloven §15 second para",
                    reason="a party's lawyer or legal aid may not attend as support person",
                )
            if meeting.support_permission is None:
                raise RuleViolation(
                    legal_basis="konfliktrådsloven §15 first para",
                    reason="support persons attend only by the office's permission",
                )
        if person.role is ParticipantRole.INTERPRETER:
            if person.is_minor:
                raise RuleViolation(
                    legal_basis="konfliktrådsloven §16",
                    reason="a minor must never be used as an interpreter",
                )
            if not person.qualified:
                raise RuleViolation(
                    legal_basis="konfliktrådsloven §16",
                    reason="the parties' right is to a qualified interpreter",
                )


def must_be_told_of_confidentiality(
    meeting: Meeting, present: Sequence[str], told: Sequence[str]
) -> None:
    """§9: those present were agreed in advance and were all told of the duty of secrecy."""
    invited = {p.person_ref for p in meeting.participants}
    if set(present) - invited:
        raise RuleViolation(
            legal_basis="konfliktrådsloven §9 second para",
            reason="someone present was not agreed as a participant in advance",
        )
    if set(present) - set(told):
        raise RuleViolation(
            legal_basis="konfliktrådsloven §9 second and third para",
            reason="everyone present must be told of confidentiality and that a breach "
            "is punishable",
        )
