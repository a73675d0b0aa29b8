"""The notices the Act calls for, and each one's course from queued to delivered.

One notice per (event, recipient, channel): its id is derived from the three, so the same
event handled twice finds the notice already there and sends nothing more.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notification.domain.channels import Channel, Route
from notification.domain.events import NoticeQueued, NoticeStatusChanged
from notification.domain.letters import Letter
from notification.domain.vocabulary import DeliveryStatus, NoticeKind

LEGAL_BASIS = {
    NoticeKind.MEETING_INVITATION: "konfliktrådsloven §9 second and third para",
    NoticeKind.GUARDIAN_MEETING_NOTICE: "konfliktrådsloven §11 second para",
    NoticeKind.CONFERENCE_INVITATION: "konfliktrådsloven §24 third to fifth para, §9",
    NoticeKind.WITHDRAWAL_NOTICE: "konfliktrådsloven §18",
    NoticeKind.AGREEMENT_COPY: "konfliktrådsloven §17, §18",
    NoticeKind.PERFORMANCE_REMINDER: "konfliktrådsloven §17",
    NoticeKind.BREACH_CONVERSATION_SUMMONS: "konfliktrådsloven §31 / §33",
    NoticeKind.TRANSFER_NOTICE: "konfliktrådsloven §31 / §33 third para",
}


# A later report never undoes a final one (a late "sent" after "delivered" is news to nobody).
FINAL = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.BOUNCED})


def notice_id(about_event: str, party_id: str, channel: Channel) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"notice:{about_event}/{party_id}/{channel}"))


@dataclass
class Notice:
    notice_id: str
    about_event: str
    case_id: str
    party_id: str
    kind: NoticeKind
    channel: Channel
    legal_basis: str
    status: DeliveryStatus
    events: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def queue(
        cls,
        *,
        about_event: str,
        case_id: str,
        party_id: str,
        kind: NoticeKind,
        legal_basis: str,
        route: Route,
        letter: Letter,
        now: datetime,
    ) -> Notice:
        notice = cls(
            notice_id=notice_id(about_event, party_id, route.channel),
            about_event=about_event,
            case_id=case_id,
            party_id=party_id,
            kind=kind,
            channel=route.channel,
            legal_basis=legal_basis,
            status=DeliveryStatus.QUEUED,
        )
        notice.events.append(
            NoticeQueued(notice.notice_id, case_id, route.channel, route.address, letter)
        )
        notice.events.append(notice._changed(DeliveryStatus.QUEUED, now))
        return notice

    @classmethod
    def unreachable(
        cls,
        *,
        about_event: str,
        case_id: str,
        party_id: str,
        kind: NoticeKind,
        legal_basis: str,
        now: datetime,
        channel: Channel = Channel.PAPER,
        reason: str = "no_address",
    ) -> Notice:
        """No address of any kind, or a letter that may not go (`reason`): the office must
        reach the person some other way."""
        notice = cls(
            notice_id=notice_id(about_event, party_id, channel),
            about_event=about_event,
            case_id=case_id,
            party_id=party_id,
            kind=kind,
            channel=channel,
            legal_basis=legal_basis,
            status=DeliveryStatus.FAILED,
        )
        notice.events.append(notice._changed(DeliveryStatus.FAILED, now, reason))
        return notice

    def record(self, status: DeliveryStatus, now: datetime, reason: str | None = None) -> None:
        if status == self.status or self.status in FINAL:
            return
        self.status = status
        self.events.append(self._changed(status, now, reason))

    def _changed(
        self, status: DeliveryStatus, now: datetime, reason: str | None = None
    ) -> NoticeStatusChanged:
        return NoticeStatusChanged(
            notice_id=self.notice_id,
            about_event=self.about_event,
            case_id=self.case_id,
            party_id=self.party_id,
            kind=self.kind.value,
            channel=self.channel.value,
            legal_basis=self.legal_basis,
            status=status.value,
            reason=reason,
            at=now,
        )
