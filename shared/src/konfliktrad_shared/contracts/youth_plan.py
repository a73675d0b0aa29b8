"""Events the youth_plan service publishes, on its own topic and to the agencies."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef


class EscalationRoute(StrEnum):
    PROSECUTION = "prosecution"
    CORRECTIONAL_SERVICE = "correctional_service"


class YouthCaseOpened(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.youth_case_opened.v1"

    case_id: str
    office: str
    reaction: Reaction
    opened_at: datetime

    def subject(self) -> str:
        return self.case_id


class YouthPlanApproved(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.youth_plan_approved.v1"

    case_id: str
    approved_at: datetime
    execution_ends: datetime

    def subject(self) -> str:
        return self.case_id


class BreachRecorded(IntegrationEvent):
    event_type = "no.konfliktraadet.youth_plan.breach_recorded.v1"

    case_id: str
    breach_number: int
    recorded_at: datetime

    def subject(self) -> str:
        return self.case_id


class BreachEscalated(IntegrationEvent):
    """The case is transferred after repeated breaches (§31 / §33 third para).

    Carries the outcome only — never what the breach conversation contained (§9).
    """

    event_type = "no.konfliktraadet.youth_plan.breach_escalated.v1"

    case_id: str
    sender_reference: str
    office: str
    reaction: Reaction
    route: EscalationRoute
    legal_basis: str
    breaches: int
    escalated_at: datetime

    def subject(self) -> str:
        return self.case_id


class ConferenceScheduled(IntegrationEvent):
    """A youth conference meeting is set (§24); notification invites the participants and
    the guardians, with the confidentiality information (§9)."""

    event_type = "no.konfliktraadet.youth_plan.conference_scheduled.v1"

    case_id: str
    conference_id: str
    office: str
    starts_at: datetime
    participants: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


class BreachConversationScheduled(IntegrationEvent):
    """The young offender is summoned to a breach conversation (§31 / §33 / §36)."""

    event_type = "no.konfliktraadet.youth_plan.breach_conversation_scheduled.v1"

    case_id: str
    office: str
    starts_at: datetime
    legal_basis: str
    participants: list[PartyRef]

    def subject(self) -> str:
        return self.case_id


PUBLISHED = (
    YouthCaseOpened,
    YouthPlanApproved,
    BreachRecorded,
    BreachEscalated,
    ConferenceScheduled,
    BreachConversationScheduled,
)
