from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from vetting.domain.commands import Requirement, Role
from vetting.domain.position import Position
from vetting.domain.record import Reaction

# SQLite gives stored timestamps back without their zone; they were written in UTC.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda moment: moment.replace(tzinfo=moment.tzinfo or UTC))
]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class TermIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: int = Field(default=0, ge=0, le=12 * 30)
    days: int = Field(default=0, ge=0, le=366)


class RecordEntryIn(BaseModel):
    """One entry of the extended police certificate (§6 third para)."""

    model_config = ConfigDict(extra="forbid")

    reaction: Reaction
    final_on: date | None = Field(
        default=None, description="when the judgment or decision became final; none for a charge"
    )
    child_sexual_abuse: bool = False
    punishable_over_one_year: bool = False
    unconditional: TermIn = Field(
        default_factory=TermIn,
        description="unconditional prison, or a community sentence's subsidiary prison term",
    )
    suspended: TermIn = Field(default_factory=TermIn, description="the suspended part")


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    birth_date: date
    citizenship: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    resident_since: date | None = Field(
        default=None, description="registered as resident in Norway since (folkeregisteret)"
    )
    lives_in_municipality: bool
    position: Position = Position.NONE
    on_leave: bool = False
    suitable: bool | None = Field(default=None, description="the suitability assessment (§5)")
    suitability_note: str = Field(default="", max_length=2000)
    gender: Text = "unstated"
    occupation: Text = "unstated"
    background: Text = "unstated"
    record: list[RecordEntryIn] = Field(default_factory=list, max_length=200)


class ApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    office: str = Field(min_length=1, max_length=64)
    role: Role = Role.MEDIATOR
    municipality: str = Field(pattern=r"^\d{4}$")
    employed: bool = False
    candidate: CandidateIn


class FindingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    legal_basis: str
    reason: str
    eligible_from: date | None


class ApplicationOut(BaseModel):
    application_id: str
    office: str
    role: Role
    municipality: str
    eligible: bool
    findings: list[FindingOut]
    assessed_on: date


class CommitteeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipal_member: Text
    police_member: Text
    office_leader: Text


class AppointmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    committee: CommitteeIn


class RevocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requirement: Requirement
    self_reported: bool = False
    record_entry: RecordEntryIn | None = None


class AppointmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    mediator_id: str
    application_id: str
    office: str
    municipality: str
    role: Role
    term_starts: date
    term_ends: date | None
    appointed_at: UtcDatetime
    needs_case_assessment: bool
    status: str
    ended_on: date | None
    end_basis: str | None
    self_reported: bool


class CoverageExceptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality: str = Field(pattern=r"^\d{4}$")
    reason: str = Field(min_length=1, max_length=500)


class MunicipalityCoverageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipality: str
    active_mediators: int
    exception: str | None
    gap: bool


class CoverageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    office: str
    legal_basis: str
    gaps: list[str]
    municipalities: list[MunicipalityCoverageOut]


class CellOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    value: str
    count: int | None = Field(description="null: suppressed, fewer than 5 or computable")


class CompositionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    total: int | None
    dimensions: dict[str, list[CellOut]]
