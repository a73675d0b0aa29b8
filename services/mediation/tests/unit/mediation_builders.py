"""Builders for the mediation domain tests: parties, mediators, a case ready for a meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from mediation.domain.agreements import Agreement, MediatorDecision, Performance
from mediation.domain.mediators import MediatorStanding
from mediation.domain.meetings import Meeting, Participant, Permission
from mediation.domain.model import MediationCase
from mediation.domain.vocabulary import (
    MediationReaction,
    MeetingKind,
    MeetingMode,
    ParticipantRole,
    PerformanceKind,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
MEETING_AT = NOW + timedelta(days=7)
OFFICE = "oslo"

OFFENDER = PartyRef(party_id="offender", role=PartyRole.OFFENDER)
VICTIM = PartyRef(party_id="victim-1", role=PartyRole.VICTIM)
MINOR_OFFENDER = PartyRef(party_id="offender", role=PartyRole.OFFENDER, is_minor=True)
GUARDIAN = PartyRef(party_id="guardian-offender-1", role=PartyRole.GUARDIAN, guardian_of="offender")
CLAIMANT = PartyRef(party_id="claimant", role=PartyRole.CLAIMANT)
RESPONDENT = PartyRef(party_id="respondent", role=PartyRole.RESPONDENT)


def standing(
    mediator_id: str = "m-1",
    office: str = OFFICE,
    term_ends: date = date(2030, 1, 1),
    ends_early_on: date | None = None,
    ended_by: str | None = None,
) -> MediatorStanding:
    return MediatorStanding(
        mediator_id, office, date(2026, 1, 1), term_ends, ends_early_on, ended_by
    )


def case(
    *parties: PartyRef,
    basis: DecisionBasis = DecisionBasis.TRANSFER,
    mediators: tuple[str, ...] = ("m-1",),
    lead: str | None = None,
) -> MediationCase:
    opened = MediationCase.open(
        case_id="c-1",
        office=OFFICE,
        reaction=MediationReaction.MEDIATION,
        now=NOW,
        decision_basis=basis,
        parties=parties or (OFFENDER, VICTIM),
    )
    if mediators:
        standings = {m: standing(m) for m in mediators}
        opened.assign_mediators(mediators, lead or mediators[0], standings, NOW)
    opened.events.clear()
    return opened


def party(ref: PartyRef) -> Participant:
    return Participant(ref.party_id, ParticipantRole.PARTY)


def meeting(
    *participants: Participant,
    mode: MeetingMode = MeetingMode.IN_PERSON,
    meeting_id: str = "meet-1",
    **permissions: Permission | None,
) -> Meeting:
    return Meeting(
        meeting_id=meeting_id,
        kind=MeetingKind.MEDIATION_MEETING,
        starts_at=MEETING_AT,
        mode=mode,
        participants=list(participants) or [party(OFFENDER), party(VICTIM)],
        **permissions,  # type: ignore[arg-type]
    )


def scheduled(mediation: MediationCase, *participants: Participant) -> MediationCase:
    mediators = {m: standing(m) for m in mediation.mediators}
    mediation.schedule_meeting(meeting(*participants), mediators)
    mediation.events.clear()
    return mediation


def permission(why: str = "the parties live far apart") -> Permission:
    return Permission(justification=why, granted_by="leader-1")


def performance(
    kind: PerformanceKind = PerformanceKind.WORK, due_on: date = date(2026, 4, 1)
) -> Performance:
    return Performance(kind, "ten hours of garden work", due_on, "offender", "victim-1")


def agreement(
    *performances: Performance,
    signed_by: tuple[str, ...] = ("offender", "victim-1"),
    in_writing: bool = True,
    agreement_id: str = "a-1",
    **extra: object,
) -> Agreement:
    return Agreement(
        agreement_id=agreement_id,
        meeting_id="meet-1",
        in_writing=in_writing,
        signed_by=list(signed_by),
        guardians_approving=list(extra.pop("guardians_approving", [])),  # type: ignore[call-overload]
        performances=list(performances) or [performance()],
        final_settlement=extra.pop("final_settlement", True),  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def approve(mediation: MediationCase, mediator_id: str = "m-1", at: datetime = MEETING_AT) -> None:
    decision = MediatorDecision(mediator_id, True, True, None, at)
    mediation.decide_on_agreement("a-1", decision, told_no_effect=True)


def approved_case(at: datetime = MEETING_AT, **case_options: object) -> MediationCase:
    mediation = scheduled(case(**case_options))  # type: ignore[arg-type]
    mediation.record_agreement(agreement())
    approve(mediation, at=at)
    mediation.events.clear()
    return mediation
