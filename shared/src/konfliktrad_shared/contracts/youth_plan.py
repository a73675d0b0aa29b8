"""Events the youth_plan service publishes, on its own topic and to the agencies."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.contracts.base import IntegrationEvent


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


PUBLISHED = (YouthCaseOpened, YouthPlanApproved, BreachRecorded, BreachEscalated)
