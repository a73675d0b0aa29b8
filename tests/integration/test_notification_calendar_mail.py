"""A meeting invitation by e-mail reaches a real SMTP server (aiosmtpd on loopback) with its
iCalendar attachment as text/calendar, which parses back to the meeting's start."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from fixtures.topic_probe import free_port
from icalendar import Calendar

from devtools.standins import MailSink
from konfliktrad_shared.crypto import FieldCipher, Keyring, generate_key
from konfliktrad_shared.outbox_relay import OutboxMessage
from notification.adapters.calendar_invitation import meeting_ics
from notification.adapters.channels import SmtpNotices
from notification.adapters.outbound import SEALED_NOTICE
from notification.adapters.outbound_security import MailTransport

pytestmark = pytest.mark.integration
cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
STARTS = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


class Reports:
    def report(self, *_: object) -> None:
        pass


def invitation(calendar: str | None) -> OutboxMessage:
    words = {"address": "part@example.no", "subject": "Innkalling", "body": "Hei"}
    if calendar is not None:
        words["calendar"] = calendar
    sealed = cipher.encrypt(json.dumps(words), **SEALED_NOTICE)
    payload = {"notice_id": "n-1", "case_id": "c", "sealed": sealed}
    return OutboxMessage("notice:email", "c", json.dumps(payload).encode(), {})


async def send(message: OutboxMessage) -> MailSink:
    sink, port = MailSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = SmtpNotices(
            host="127.0.0.1",
            port=port,
            sender="ikke-svar@konfliktraadet.no",
            transport=MailTransport.plain_loopback(),
            cipher=cipher,
            reports=Reports(),
        )
        await smtp.publish_all([message])
    finally:
        controller.stop()
    return sink


async def test_the_invitation_email_carries_a_text_calendar_attachment_that_parses() -> None:
    ics = meeting_ics(language="nb", starts_at=STARTS, office="konfliktradet-oslo", case_id="c")
    [letter] = (await send(invitation(ics))).messages

    assert "Hei" in letter.get_body(preferencelist=("plain",)).get_content()
    [attachment] = list(letter.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "mote.ics"
    [event] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert event.decoded("dtstart") == STARTS


async def test_a_letter_without_a_calendar_has_no_attachment() -> None:
    [letter] = (await send(invitation(None))).messages
    assert list(letter.iter_attachments()) == []
