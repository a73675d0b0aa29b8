from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from konfliktrad_shared.provisions import cite
from vetting.domain.position import Position
from vetting.domain.record import Reaction
from vetting.domain.vocabulary import Requirement, Role

# SQLite gives stored timestamps back without their zone; they were written in UTC.
UtcDatetime = Annotated[
    datetime, AfterValidator(lambda moment: moment.replace(tzinfo=moment.tzinfo or UTC))
]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class TermIn(BaseModel):
    """A term as the court stated it, in its own units (§6 second para: "366 days" is more
    than one year, "3 years and 1 day" more than three)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §6 second para")
    )

    years: int = Field(default=0, ge=0, le=30)
    months: int = Field(default=0, ge=0, le=12 * 30)
    days: int = Field(default=0, ge=0, le=365 * 30)


class RecordEntryIn(BaseModel):
    """One entry of the extended police certificate (§6 third para)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §6 first para")
    )

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
    model_config = ConfigDict(extra="forbid", json_schema_extra=cite("konfliktrådsloven §5"))

    name: Text
    birth_date: date = Field(json_schema_extra=cite("konfliktrådsloven §5 first para no. 1"))
    citizenship: str = Field(
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2",
        json_schema_extra=cite("konfliktrådsloven §5 first para no. 2"),
    )
    resident_since: date | None = Field(
        default=None,
        description="registered as resident in Norway since (folkeregisteret)",
        json_schema_extra=cite("konfliktrådsloven §5 first para no. 2"),
    )
    lives_in_municipality: bool = Field(json_schema_extra=cite("konfliktrådsloven §5 second para"))
    position: Position = Field(
        default=Position.NONE, json_schema_extra=cite("konfliktrådsloven §7 first para")
    )
    on_leave: bool = Field(
        default=False, json_schema_extra=cite("konfliktrådsloven §7 second para")
    )
    suitable: bool | None = Field(
        default=None,
        description="the suitability assessment (§5)",
        json_schema_extra=cite("konfliktrådsloven §5 first para no. 3"),
    )
    suitability_note: str = Field(default="", max_length=2000)
    gender: Text = "unstated"
    occupation: Text = "unstated"
    background: Text = "unstated"
    record: list[RecordEntryIn] = Field(
        default_factory=list, max_length=200, json_schema_extra=cite("konfliktrådsloven §6")
    )
    police_certificate_received_on: date | None = Field(
        default=None,
        description="the day the office received the extended police certificate; the entries "
        "it lists go in `record` (none: a clean certificate). Null: not received yet, and no "
        "appointment until it is (§6 third para).",
        json_schema_extra=cite("konfliktrådsloven §6 third para"),
    )
    national_id: str | None = Field(
        default=None,
        pattern=r"^\d{11}$",
        description="the candidate's fødselsnummer or D-number, sealed like the rest; how a "
        "request for what the office holds on them finds the application (GDPR art. 15)",
    )


class ApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=cite("konfliktrådsloven §4"))

    office: str = Field(min_length=1, max_length=64)
    role: Role = Role.MEDIATOR
    municipality: str = Field(
        pattern=r"^\d{4}$", json_schema_extra=cite("konfliktrådsloven §5 second para")
    )
    employed: bool = False
    candidate: CandidateIn


class FindingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    legal_basis: str
    reason: str
    eligible_from: date | None


class PoliceCertificateIn(BaseModel):
    """The extended police certificate as received (§6 third para): its entries, or none."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §6 third para")
    )

    received_on: date
    entries: list[RecordEntryIn] = Field(default_factory=list, max_length=200)


class ApplicationOut(BaseModel):
    application_id: str
    office: str
    role: Role
    municipality: str
    police_certificate: str = Field(
        description="not_received, clean or with_entries (§6 third para)"
    )
    police_certificate_received_on: date | None
    eligible: bool
    findings: list[FindingOut]
    assessed_on: date


class CommitteeIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §4 second para")
    )

    municipal_member: Text
    police_member: Text
    office_leader: Text


class AppointmentIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §4 second para")
    )

    committee: CommitteeIn


class RevocationIn(BaseModel):
    """The appointment committee's decision to revoke (§4 fifth para), with its members."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §4 fifth para")
    )

    requirement: Requirement
    self_reported: bool = Field(
        default=False, json_schema_extra=cite("konfliktrådsloven §6 third para")
    )
    record_entry: RecordEntryIn | None = None
    committee: CommitteeIn = Field(
        description="the committee that decided: an office leader alone cannot revoke",
        json_schema_extra=cite("konfliktrådsloven §4 fifth para"),
    )


class CommitteeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    municipal_member: str
    police_member: str
    office_leader: str


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
    police_certificate_received_on: date | None
    appointed_by: CommitteeOut
    revoked_by: CommitteeOut | None


class CoverageExceptionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=cite("konfliktrådsloven §3 second para")
    )

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
