"""Events the referral service publishes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, Field

from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef


class ReferralRegistered(IntegrationEvent):
    """A case accepted by the office. A civil case has `decision_basis` "civil",
    `decided_by` "office_leader" (the §10 suitability decision), reaction "mediation" and no
    offence date. Carries no names, national ids or addresses (§9): the case id and the
    parties' pseudonymous references will do; only notification can open their contacts.
    """

    event_type = "no.konfliktraadet.referral.registered.v1"

    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    decision_basis: DecisionBasis
    offence_date: date | None = Field(description="None in a civil case.")
    execution_months: int | None = Field(
        description="Where the sender gave only `execution_ends_on`: the whole months it spans, "
        "rounded up."
    )
    offender_is_minor: bool
    registered_at: datetime
    decided_by: DecisionMaker | None = None
    execution_ends_on: date | None = Field(
        default=None,
        deprecated=True,
        description="Deprecated, always null for follow-up, youth follow-up and youth "
        "sentence: the execution period runs from the youth conference, and its one end date "
        "is youth_plan's (`execution_period_set` on youth_plan.events.v1). The length is "
        "`execution_months`.",
    )
    offender_of_age_on: date | None = Field(
        default=None,
        description="Where the offender is a minor at the decision: the day the offender "
        "turns 18, when guardianship ends and the guardians' attendance, approval and "
        "consents fall away (konfliktrådsloven §§24–26, §33).",
    )
    no_new_crimes_condition: bool = False
    compensation_condition: bool = False
    temporary_guardian_needed: bool = Field(
        default=False,
        description="A guardian cannot or will not act: a temporary guardian must be "
        "appointed (konfliktrådsloven §11 second para).",
    )

    parties: list[PartyRef] = Field(
        default_factory=list,
        description="Every party and guardian by pseudonymous id and role; contact details "
        "only sealed for the notification service (§9).",
    )

    def subject(self) -> str:
        return self.case_id


class ReferralRejected(IntegrationEvent):
    """A referral the office could not accept, with the provision and the reasons (§8)."""

    # Merged with IntegrationEvent's config (extra="ignore", frozen=True) by pydantic.
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sender_reference": "OSL-2026-104233",
                    "office": "konfliktradet-oslo",
                    "legal_basis": "straffeprosessloven §71a first para",
                    "reason": "guilt must be considered proven: the offender has not "
                    "acknowledged guilt",
                    "rejected_at": "2026-10-16T08:30:12.512000Z",
                }
            ]
        }
    )

    event_type = "no.konfliktraadet.referral.rejected.v1"

    case_id: str | None = Field(
        default=None, description="The office's case id, where the rejection is of a case."
    )
    sender_reference: str
    office: str
    legal_basis: str
    reason: str
    rejected_at: datetime

    def subject(self) -> str:
        # Keyed like the case's other events, so the prosecution reads them in order.
        return self.case_id or self.sender_reference


class ReferralCorrected(IntegrationEvent):
    """The sender corrected a registered case; `changed_fields` names what changed (never the
    values of personal fields). The case's reaction and legal basis never change this way."""

    event_type = "no.konfliktraadet.referral.corrected.v1"

    case_id: str
    sender_reference: str
    office: str
    changed_fields: list[str]
    execution_months: int | None
    execution_ends_on: date | None = Field(
        description="Deprecated, always null for follow-up, youth follow-up and youth "
        "sentence (see `ReferralRegistered.execution_ends_on`): youth_plan applies the "
        "corrected `execution_months` from the conference and publishes the end date.",
        deprecated=True,
    )
    temporary_guardian_needed: bool
    corrected_at: datetime

    def subject(self) -> str:
        return self.case_id


class ReferralPostponed(IntegrationEvent):
    """Handling of a transferred case is postponed: when it is expected (§20 first para)."""

    event_type = "no.konfliktraadet.referral.postponed.v1"

    case_id: str
    sender_reference: str
    office: str
    expected_on: date
    legal_basis: str
    postponed_at: datetime

    def subject(self) -> str:
        return self.case_id


class CaseMoved(IntegrationEvent):
    """The case is now handled by another office (§13 second or third para)."""

    event_type = "no.konfliktraadet.referral.case_moved.v1"

    case_id: str
    from_office: str
    to_office: str
    legal_basis: str
    moved_at: datetime

    def subject(self) -> str:
        return self.case_id


class ReferralWithdrawn(IntegrationEvent):
    """The case's own sender withdrew it: the office has closed the case and nothing more is
    done in it. The sender's reason stays in the case's audit trail (it may name people)."""

    event_type = "no.konfliktraadet.referral.withdrawn.v1"

    case_id: str
    sender_reference: str
    office: str
    withdrawn_on: date = Field(description="The day the sender decided to withdraw the case.")
    withdrawn_at: datetime = Field(description="When the office closed the case.")

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (
    ReferralRegistered,
    ReferralRejected,
    ReferralCorrected,
    ReferralPostponed,
    CaseMoved,
    ReferralWithdrawn,
)
