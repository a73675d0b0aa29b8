"""What the HTTP API reads and writes. Personal data goes in; only case facts come out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from konfliktrad_shared.contracts.agencies import NationalIdNumber
from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.provisions import cite
from referral.domain.audit import AuditEntry
from referral.domain.execution_end import PERIOD_REACTIONS, SET_BY_YOUTH_PLAN
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import (
    CaseKind,
    CaseStatus,
    CivilSubmitter,
    Condition,
    DecisionBasis,
    DecisionMaker,
    HarmKind,
    Reaction,
)

# A token subject or a mediator id: printable, short.
Subject = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")]


class CaseOut(BaseModel):
    """A case as a case officer sees it over the API; personal data stays sealed."""

    case_id: str
    sender_reference: str
    sender: str
    sender_principal: str | None = Field(
        description="The bus principal that sent the case, proven by its topic; the only one "
        "that may correct or withdraw it. None for a civil case."
    )
    office: str
    kind: CaseKind
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date | None
    decided_on: date
    execution_months: int | None
    execution_ends_on: date | None = Field(
        description="For follow-up, youth follow-up and youth sentence: the end of the "
        "execution period as youth_plan set it — the period runs from the youth conference "
        "(Prop. 57 L on konfliktrådsloven §23), so it is null until the conference is held and "
        "moves with an applied correction. The one end date of the case; youth_plan's API "
        "shows the same. Never counted from the decision date."
    )
    execution_ends_set_by: Literal["youth_plan"] | None = Field(
        default=None, description="Who set `execution_ends_on`: `youth_plan`, or null."
    )
    decided_by: DecisionMaker | None
    condition: Condition | None
    harm: HarmKind | None
    no_new_crimes_condition: bool
    compensation_condition: bool
    temporary_guardian_needed: bool
    civil_exception_applied: bool = Field(
        description="A party under 18 was filed as able to contract alone (§11 third para)."
    )
    civil_exception_found_by: str | None = Field(
        description="The leader who found it unproblematic that the minor acts without "
        "guardians (§11 third para)."
    )
    civil_exception_found_at: datetime | None
    received_at: datetime
    days_since_receipt: int = Field(description="Cases are handled as soon as possible (§10).")
    status: CaseStatus
    rejection_basis: str | None
    rejection_reason: str | None
    postponed_until: date | None
    withdrawn_on: date | None
    pending_move_to: str | None
    pending_move_stage: str | None

    @classmethod
    def of(cls, case: ReferralCase, today: date) -> CaseOut:
        move = case.pending_move
        fields: dict[str, Any] = {name: getattr(case, name, None) for name in cls.model_fields}
        if case.reaction in PERIOD_REACTIONS:  # the one end date is youth_plan's
            ends = case.execution_ends_by_youth_plan
            fields["execution_ends_on"] = ends
            fields["execution_ends_set_by"] = SET_BY_YOUTH_PLAN if ends else None
        fields |= {
            "days_since_receipt": case.days_since_receipt(today),
            "pending_move_to": move and move.to_office,
            "pending_move_stage": move and move.stage.value,
        }
        return cls.model_validate(fields)


class AuditEntryOut(BaseModel):
    at: datetime
    actor: str
    action: str
    legal_basis: str | None
    detail: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(**vars(entry))


class GuardianIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §11 second para"))

    name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    consents: bool
    unable_to_act: bool = False
    postal_address: str | None = Field(default=None, min_length=1, max_length=300)
    address_protection: AddressProtection = Field(
        default=AddressProtection.UNGRADED,
        description="Folkeregisteret's address protection: a protected address never reaches "
        "another party.",
    )


class CivilPartyIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §11 first para"))

    name: str = Field(min_length=1, max_length=200)
    national_id: NationalIdNumber | None = None
    birth_date: date | None = Field(default=None, description="Where no national id is given.")
    municipality: str = Field(pattern=r"^\d{4}$", description="Where the party lives or stays.")
    consents: bool
    email: EmailStr | None = None
    guardians: list[GuardianIn] = Field(default_factory=list, max_length=4)
    may_act_alone: bool = Field(
        default=False,
        description="A minor who can contract alone, where the office finds it unproblematic "
        "(konfliktrådsloven §11 third para).",
    )
    postal_address: str | None = Field(default=None, min_length=1, max_length=300)
    address_protection: AddressProtection = Field(
        default=AddressProtection.UNGRADED,
        description="Folkeregisteret's address protection: a protected address never reaches "
        "another party.",
    )


class CivilCaseIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §1 first para"))

    sender_reference: str = Field(
        min_length=1, max_length=64, description="The filer's reference: filing twice is one case."
    )
    submitted_by: CivilSubmitter
    submitter: str = Field(min_length=1, max_length=120)
    harm: HarmKind
    incident_date: date | None = None
    claimant: CivilPartyIn
    respondents: list[CivilPartyIn] = Field(min_length=1, max_length=20)


class SuitabilityIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §10 first para"))

    suitable: bool
    reasons: str = Field(
        default="",
        max_length=4000,
        description="Required when the case is refused (konfliktrådsloven §8 second para).",
    )
    minor_may_act_alone: bool = Field(
        default=False,
        description="The leader finds it unproblematic that the party or parties under 18 "
        "filed as able to contract alone act without their guardians (konfliktrådsloven §11 "
        "third para); required to find such a case suitable, and recorded with who and when.",
    )


class PostponementIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §20 first para"))

    expected_on: date
    reason: str = Field(min_length=1, max_length=2000)


class MoveIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §13 second para"))

    to_office: str = Field(min_length=1, max_length=64)
    parties_heard: bool
    prosecution_agrees: bool = False
    reason: str = Field(min_length=1, max_length=2000)


class MoveAnswerIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §13 second para"))

    accept: bool
    reason: str = Field(min_length=1, max_length=2000)


class SecretariatDecisionIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=cite("konfliktrådsloven §13 second para"))

    move: bool
    reason: str = Field(min_length=1, max_length=2000)


class ScreeningIn(BaseModel):
    """Skjerming: the office's staff or mediators who are a party to the case (token
    subjects, mediator ids), and who else the office leader grants it to."""

    model_config = ConfigDict(
        json_schema_extra=cite("konfliktrådsloven §14, forvaltningsloven §6 second para")
    )

    parties: list[Subject] = Field(min_length=1, max_length=10)
    granted: list[Subject] = Field(default_factory=list, max_length=50)
