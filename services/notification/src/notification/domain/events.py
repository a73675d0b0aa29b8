from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notification.domain.commands import Agency


@dataclass(frozen=True)
class GuardianLetterQueued:
    case_id: str
    recipient: str
    subject: str
    body: str


@dataclass(frozen=True)
class GuardiansNotified:
    case_id: str
    about_event: str
    recipients: int
    notified_at: datetime


@dataclass(frozen=True)
class AgencyDeliveryQueued:
    agency: Agency
    event_id: str
    event_type: str
    source: str
    time: datetime
    subject: str
    data: dict[str, Any]
