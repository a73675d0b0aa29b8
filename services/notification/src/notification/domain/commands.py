from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notification.domain.contacts import Addressee
from notification.domain.vocabulary import Agency, DeliveryStatus, NoticeKind


@dataclass(frozen=True)
class RememberParties:
    """A registered case's parties, with the contact details referral sealed for us."""

    case_id: str
    office: str
    addressees: tuple[Addressee, ...]


@dataclass(frozen=True)
class RecordOfficeMove:
    """The case is handled by another office now (§13): letters name that office."""

    case_id: str
    to_office: str


@dataclass(frozen=True)
class SendNotices:
    """Tell the people an event concerns. `facts` fill the letter (dates are written out in
    each recipient's language); guardians of a minor addressee get `guardian_kind`."""

    about_event: str
    case_id: str
    office: str | None
    kind: NoticeKind
    addressees: tuple[Addressee, ...] = ()
    guardian_kind: NoticeKind | None = None
    to_guardians_of: tuple[str, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)
    legal_basis: str | None = None


@dataclass(frozen=True)
class RecordDeliveryStatus:
    """A channel's report on one notice: sent, delivered, failed or bounced."""

    notice_id: str
    status: DeliveryStatus
    reason: str | None = None


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
