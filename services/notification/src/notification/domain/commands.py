from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Agency(StrEnum):
    PROSECUTION = "prosecution"
    CORRECTIONAL_SERVICE = "correctional_service"


@dataclass(frozen=True)
class RememberCaseContacts:
    case_id: str
    office: str
    guardian_emails: tuple[str, ...]


@dataclass(frozen=True)
class NotifyGuardiansOfTransfer:
    case_id: str
    transferred_to: Agency
    escalated_at: datetime


@dataclass(frozen=True)
class ForwardToAgency:
    """An event from the agency's topic, to deliver to the agency's own inbox as it is."""

    agency: Agency
    event_id: str
    event_type: str
    source: str
    time: datetime
    subject: str
    data: dict[str, Any]
