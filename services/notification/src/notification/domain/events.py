from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notification.domain.channels import Channel
from notification.domain.letters import Letter
from notification.domain.vocabulary import Agency


@dataclass(frozen=True)
class NoticeQueued:
    """A letter to send on `channel` to `address` (personal data: sealed before it is stored)."""

    notice_id: str
    case_id: str
    channel: Channel
    address: str
    letter: Letter


@dataclass(frozen=True)
class NoticeStatusChanged:
    notice_id: str
    about_event: str
    case_id: str
    party_id: str
    kind: str
    channel: str
    legal_basis: str
    status: str
    reason: str | None
    at: datetime


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
