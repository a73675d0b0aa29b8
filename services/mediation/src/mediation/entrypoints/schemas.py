from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from konfliktrad_shared.contracts.agencies import DecisionBasis
from konfliktrad_shared.contracts.parties import PartyRole
from konfliktrad_shared.provisions import cite
from mediation.domain import figures
from mediation.domain.agreements import Agreement
from mediation.domain.meetings import Meeting
from mediation.domain.vocabulary import (
    ContactTerm,
    MediationReaction,
    MeetingKind,
    MeetingMode,
    NotHeldBecause,
    ParticipantRole,
    PerformanceKind,
)

# SQLite gives stored timestamps back without their zone; they were written in UTC.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda moment: moment.replace(tzinfo=moment.tzinfo or UTC))
]
Ref = Annotated[str, Field(min_length=1, max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class RosterEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    mediator_id: str
    office: str
    term_ends: date
    available_from: UtcDatetime


class PartyOut(BaseModel):
    """A party as the case names it; the sealed contact is notification's alone."""

    model_config = ConfigDict(from_attributes=True)

    party_id: str
    role: PartyRole
    is_minor: bool
    guardian_of: str | None


class MediationCaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    office: str
    reaction: MediationReaction
    decision_basis: DecisionBasis
    opened_at: UtcDatetime
    parties: list[PartyOut]
    mediators: list[str]
    lead_mediator: str | None
    meetings: list[Meeting]
    agreements: list[Agreement]


class AssignMediatorsIn(BaseModel):
    """§14: the office decides how many mediators; with several, one is the lead."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §14"))

    mediator_ids: list[Ref] = Field(min_length=1, max_length=5)
    lead_mediator: Ref | None = None


class ScreeningIn(BaseModel):
    """Skjerming: the office's staff or mediators who are a party to the case (token
    subjects, mediator ids), and who else the office leader grants it to."""

    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §14, forvaltningsloven §6 second para")
    )

    parties: list[Ref] = Field(min_length=1, max_length=10)
    granted: list[Ref] = Field(default_factory=list, max_length=50)


class ParticipantIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §9 second para"))

    person_ref: Ref
    role: ParticipantRole
    for_party: Ref | None = None
    is_minor: bool = False
    is_organisation: bool = False
    is_partys_lawyer: bool = Field(
        default=False, json_schema_extra=cite("konfliktrådsloven §15 second para")
    )
    qualified: bool = Field(default=False, json_schema_extra=cite("konfliktrådsloven §16"))


class PermissionIn(BaseModel):
    """The office's permission with why (§12 fifth para)."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §12 fifth para"))

    justification: Text


class MeetingIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §12 first para"))

    kind: MeetingKind = Field(json_schema_extra=cite("konfliktrådsloven §1 fourth para"))
    starts_at: AwareDatetime
    mode: MeetingMode = Field(
        default=MeetingMode.IN_PERSON, json_schema_extra=cite("konfliktrådsloven §12 second para")
    )
    participants: list[ParticipantIn] = Field(
        min_length=1, max_length=40, json_schema_extra=cite("konfliktrådsloven §9 second para")
    )
    indirect_permission: PermissionIn | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §12 second para")
    )
    affected_person_permission: PermissionIn | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §12 third para")
    )
    company_permission: PermissionIn | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §12 fourth para")
    )
    support_permission: PermissionIn | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §15 first para")
    )


class NotesIn(BaseModel):
    """The mediator's notes: confidential, never sent (§9 first para)."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §9 first para"))

    text: str = Field(min_length=1, max_length=20000)


class PerformanceIn(BaseModel):
    """§17 fourth para: a performance to the injured party sets its scope and due date."""

    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §17 fourth para"))

    kind: PerformanceKind
    scope: Text
    due_on: date
    owed_by: Ref
    owed_to: Ref


class AgreementIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §17 first para"))

    meeting_id: Ref
    in_writing: bool
    signed_by: list[Ref] = Field(default_factory=list, max_length=20)
    guardians_approving: list[Ref] = Field(default_factory=list, max_length=20)
    performances: list[PerformanceIn] = Field(
        default_factory=list,
        max_length=20,
        json_schema_extra=cite("konfliktrådsloven §17 fourth para"),
    )
    final_settlement: bool | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §17 fourth para")
    )
    contact_terms: list[ContactTerm] = Field(
        default_factory=list,
        json_schema_extra=cite(
            "straffegjennomføringsloven §16 eighth para, §36 fourth para, §43 fifth para"
        ),
    )
    agreed_withdrawal_deadline: AwareDatetime | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §18 second para")
    )
    minor_may_contract_alone: bool = False
    mediator_finds_it_unproblematic: bool = False


class DecisionIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §17 second para"))

    approves: bool
    in_writing: bool
    reasons: str | None = Field(
        default=None, max_length=4000, json_schema_extra=cite("konfliktrådsloven §17 third para")
    )
    parties_told_approval_has_no_legal_effect: bool = False


class OutcomeIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §20 second para"))

    held: bool
    not_held_because: NotHeldBecause | None = Field(
        default=None, json_schema_extra=cite("konfliktrådsloven §21 first to third para")
    )
    agreement_reached: bool
    present: list[Ref] = Field(default_factory=list, max_length=40)
    told_of_confidentiality: list[Ref] = Field(
        default_factory=list,
        max_length=40,
        json_schema_extra=cite("konfliktrådsloven §9 third para"),
    )


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §18 first para"))

    party_id: Ref


class CreatedOut(BaseModel):
    id: str


class ClockIn(BaseModel):
    now: AwareDatetime


class MonthFiguresOut(BaseModel):
    month: str = Field(description="Norwegian calendar month, YYYY-MM")
    received: dict[str, int] = Field(description="cases opened, by kind: criminal, civil")
    closed: dict[str, int] = Field(
        description="cases closed, by outcome: fulfilled, breached, no_agreement, not_held"
    )
    cases_to_first_meeting: int
    mean_days_to_first_meeting: float | None
    cases_closed: int
    mean_days_to_closure: float | None


class FiguresOut(BaseModel):
    office: str
    long_standing_average_days: int = Field(
        description="Prop. 57 L (2013–2014): just under 40 days on average"
    )
    months: list[MonthFiguresOut]

    @classmethod
    def of(cls, office: str, months: list[figures.MonthFigures]) -> FiguresOut:
        return cls(
            office=office,
            long_standing_average_days=figures.LONG_STANDING_AVERAGE_DAYS,
            months=[
                MonthFiguresOut(
                    month=m.month,
                    received=dict(m.received),
                    closed=dict(m.closed),
                    cases_to_first_meeting=len(m.days_to_first_meeting),
                    mean_days_to_first_meeting=m.mean_days_to_first_meeting,
                    cases_closed=len(m.days_to_closure),
                    mean_days_to_closure=m.mean_days_to_closure,
                )
                for m in months
            ],
        )


class NextDeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: str
    due_on: date = Field(description="the deadline's last day, Norwegian calendar")
    what: str = Field(description="withdrawal_period_ends or performance_due")
    legal_basis: str
