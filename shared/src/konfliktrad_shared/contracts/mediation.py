"""Events the mediation service publishes. Never what was said in a meeting (§9)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef


class MediatorAvailable(IntegrationEvent):
    """An appointed mediator has joined an office's roster and can be assigned cases."""

    event_type = "no.konfliktraadet.mediation.mediator_available.v1"

    mediator_id: str
    office: str
    available_from: datetime

    def subject(self) -> str:
        return self.mediator_id


class MeetingScheduled(IntegrationEvent):
    """A meeting is set; notification invites the participants, tells them about
    confidentiality (§9) and notifies a minor party's guardians (§11)."""

    event_type = "no.konfliktraadet.mediation.meeting_scheduled.v1"

    case_id: str
    meeting_id: str
    office: str
    starts_at: datetime
    kind: str = Field(description="One of the meeting kinds of §1 fourth para.")
    indirect: bool = False
    participants: list[PartyRef] = Field(
        description="Invited parties and guardians, as the referral named them (sealed contacts)."
    )

    def subject(self) -> str:
        return self.case_id


class AgreementApproved(IntegrationEvent):
    """The mediators approved an agreement. In a prosecution case either party may withdraw
    until `withdrawal_ends_at` (exclusive) unless it is fulfilled (§18); notification sends
    each party the right and its consequences in writing."""

    event_type = "no.konfliktraadet.mediation.agreement_approved.v1"

    case_id: str
    agreement_id: str
    office: str
    approved_at: datetime
    prosecution_case: bool
    withdrawal_ends_at: datetime | None
    parties: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class PerformanceDue(IntegrationEvent):
    """A reminder: a performance in an approved agreement falls due (§17)."""

    event_type = "no.konfliktraadet.mediation.performance_due.v1"

    case_id: str
    agreement_id: str
    due_on: date
    parties: list[PartyRef]
    office: str | None = Field(default=None, description="The office handling the case.")

    def subject(self) -> str:
        return self.case_id


DOCUMENTS_DESCRIPTION = (
    "Where the recipient fetches the case's documents (konfliktrådsloven §20 second para; §21 "
    "'straks oversende saken'): a path on the mediation service's API, read with the agency's "
    "own token (role `prosecution`, or `correctional_service` for a community sentence). The "
    "documents never travel on Kafka; what was said in the meeting never travels at all (§9)."
)


class MeetingOutcomeReported(IntegrationEvent):
    """On `konfliktrad.prosecution.v1` when a meeting has ended (konfliktrådsloven §20 second
    para): held or not and why, whether an approved agreement was made, and whether the case
    goes back to the prosecution at once under §21 for the case's legal basis; `documents`
    points to the case's documents. A community sentence's goes to `konfliktrad.correctional.v1`
    instead: the office runs it for the correctional service (straffegjennomføringsloven §53
    first para (c)).
    """

    event_type = "no.konfliktraadet.mediation.meeting_outcome_reported.v1"

    case_id: str
    meeting_id: str
    office: str
    decision_basis: str
    held: bool
    not_held_because: str | None = Field(description="offender, victim or other")
    agreement_reached: bool
    approved_agreement_id: str | None
    police_record_ends_on: date | None = Field(
        description="Two years after the approved agreement (politiregisterloven §41 no. 1 (a))."
    )
    case_returned: bool
    prosecution_may_reopen: bool
    legal_basis: str
    reported_at: datetime
    documents: str | None = Field(default=None, description=DOCUMENTS_DESCRIPTION)

    def subject(self) -> str:
        return self.case_id


class AgreementFulfilmentConfirmed(IntegrationEvent):
    """On `konfliktrad.prosecution.v1`, at once, when an agreement is fulfilled (§20 third para);
    a community sentence's on `konfliktrad.correctional.v1`."""

    event_type = "no.konfliktraadet.mediation.agreement_fulfilment_confirmed.v1"

    case_id: str
    agreement_id: str
    office: str
    fulfilled_at: datetime
    legal_basis: str = "konfliktrådsloven §20 third para"

    def subject(self) -> str:
        return self.case_id


class AgreementBreachReported(IntegrationEvent):
    """On `konfliktrad.prosecution.v1`: the offender broke an approved agreement (§21); a
    community sentence's on `konfliktrad.correctional.v1`."""

    event_type = "no.konfliktraadet.mediation.agreement_breach_reported.v1"

    case_id: str
    agreement_id: str
    office: str
    reported_at: datetime
    legal_basis: str

    def subject(self) -> str:
        return self.case_id


class AgreementWithdrawn(IntegrationEvent):
    """On `konfliktrad.prosecution.v1` (a community sentence's: `konfliktrad.correctional.v1`):
    a party withdrew within the period (§18); the case is returned or not as if no agreement
    had been reached (§21), with its documents where it is returned."""

    event_type = "no.konfliktraadet.mediation.agreement_withdrawn.v1"

    case_id: str
    agreement_id: str
    office: str
    withdrawn_by: str = Field(description="The withdrawing party's pseudonymous party_id.")
    withdrawn_at: datetime
    case_returned: bool
    legal_basis: str
    documents: str | None = Field(default=None, description=DOCUMENTS_DESCRIPTION)

    def subject(self) -> str:
        return self.case_id


class ContactTermsAgreed(IntegrationEvent):
    """On `konfliktrad.correctional.v1`: a convicted person and the victim agreed on residence
    or no contact, which the correctional service weighs for home detention, leave and parole
    (Execution of Sentences Act §§16, 36, 43)."""

    event_type = "no.konfliktraadet.mediation.contact_terms_agreed.v1"

    case_id: str
    agreement_id: str
    office: str
    terms: list[str] = Field(description="residence and/or no_contact")
    approved_at: datetime
    parties: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class WithdrawalPeriodEnded(IntegrationEvent):
    """The §18 period ran out without a withdrawal: the agreement stands."""

    event_type = "no.konfliktraadet.mediation.withdrawal_period_ended.v1"

    case_id: str
    agreement_id: str
    office: str
    ended_at: datetime

    def subject(self) -> str:
        return self.case_id


class NewMediationOffered(IntegrationEvent):
    """Civil case: an agreement was not fulfilled, so notification asks the parties whether
    they want a new mediation (domain rules §4)."""

    event_type = "no.konfliktraadet.mediation.new_mediation_offered.v1"

    case_id: str
    agreement_id: str
    office: str
    parties: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (
    MediatorAvailable,
    MeetingScheduled,
    AgreementApproved,
    PerformanceDue,
    MeetingOutcomeReported,
    AgreementFulfilmentConfirmed,
    AgreementBreachReported,
    AgreementWithdrawn,
    ContactTermsAgreed,
    WithdrawalPeriodEnded,
    NewMediationOffered,
)

# Which of the above go to the agencies' topics (the rest go to `mediation.events.v1`), so
# the agency adapters can route them.
TO_PROSECUTION = (
    MeetingOutcomeReported,
    AgreementFulfilmentConfirmed,
    AgreementBreachReported,
    AgreementWithdrawn,
)
# A community sentence's reports go to the correctional service (straffegjennomføringsloven §53).
TO_CORRECTIONAL = (
    ContactTermsAgreed,
    MeetingOutcomeReported,
    AgreementFulfilmentConfirmed,
    AgreementBreachReported,
    AgreementWithdrawn,
)
