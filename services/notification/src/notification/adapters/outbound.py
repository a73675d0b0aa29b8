"""Domain events → outbox rows: Kafka events, notices to send, deliveries to agencies.

Notices and agency deliveries go through the outbox too, on channels Kafka topics cannot be
named (`notice:…`, `agency:…`), so they inherit its guarantees: written with the decision,
sent after the commit, retried until acknowledged. A notice's address and words are sealed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from konfliktrad_shared.contracts import notification as contract
from konfliktrad_shared.contracts import topics
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.crypto import FieldCipher
from konfliktrad_shared.outbox import OutgoingEvent
from konfliktrad_shared.uow import Outbound
from notification.domain import events
from notification.domain.channels import Channel
from notification.domain.vocabulary import Agency

NOTICE_CHANNEL = "notice"
AGENCY_CHANNEL = "agency"
SEALED_NOTICE = {"table": "outbox", "column": "payload_notice"}


def notice_channel(channel: Channel) -> str:
    return f"{NOTICE_CHANNEL}:{channel.value}"


def agency_channel(agency: Agency) -> str:
    return f"{AGENCY_CHANNEL}:{agency.value}"


class SealedNotice(IntegrationEvent):
    event_type: ClassVar[str] = "internal.notification.notice.v1"

    notice_id: str
    case_id: str
    sealed: str  # {"address", "subject", "body"} under the field cipher

    def subject(self) -> str:
        return self.case_id


class AgencyDelivery(IntegrationEvent):
    event_type: ClassVar[str] = "internal.notification.agency_delivery.v1"

    event_id: str
    original_type: str
    source: str
    time: datetime
    about: str
    data: dict[str, Any]

    def subject(self) -> str:
        return self.about


def open_notice(cipher: FieldCipher, payload: bytes) -> tuple[str, str, str, str]:
    """notice_id, address, subject, body of a notice row."""
    notice = json.loads(payload)
    opened = json.loads(cipher.decrypt(notice["sealed"], **SEALED_NOTICE))
    return notice["notice_id"], opened["address"], opened["subject"], opened["body"]


def open_calendar(cipher: FieldCipher, payload: bytes) -> str | None:
    """The .ics text sealed with a notice about a meeting, if it has one."""
    notice = json.loads(payload)
    opened = json.loads(cipher.decrypt(notice["sealed"], **SEALED_NOTICE))
    calendar = opened.get("calendar")
    return calendar if isinstance(calendar, str) else None


def translator(cipher: FieldCipher) -> Outbound:
    def translate(event: Any) -> Sequence[OutgoingEvent]:
        match event:
            case events.NoticeQueued(channel=Channel.PAPER):
                return ()  # the print queue is its channel, written in the same transaction
            case events.NoticeQueued():
                words = {
                    "address": event.address,
                    "subject": event.letter.subject,
                    "body": event.letter.body,
                }
                if event.letter.calendar is not None:
                    words["calendar"] = event.letter.calendar
                sealed = cipher.encrypt(json.dumps(words), **SEALED_NOTICE)
                notice = SealedNotice(
                    notice_id=event.notice_id, case_id=event.case_id, sealed=sealed
                )
                return (OutgoingEvent(notice_channel(event.channel), notice),)
            case events.NoticeStatusChanged():
                changed = contract.NoticeStatusChanged.from_domain(
                    event, status=contract.DeliveryStatus(event.status)
                )
                return (OutgoingEvent(topics.NOTIFICATION_EVENTS, changed),)
            case events.GuardiansNotified():
                notified = contract.GuardiansNotified.from_domain(event)
                return (OutgoingEvent(topics.NOTIFICATION_EVENTS, notified),)
            case events.AgencyDeliveryQueued():
                delivery = AgencyDelivery(
                    event_id=event.event_id,
                    original_type=event.event_type,
                    source=event.source,
                    time=event.time,
                    about=event.subject,
                    data=event.data,
                )
                return (OutgoingEvent(agency_channel(event.agency), delivery),)
        return ()

    return translate
