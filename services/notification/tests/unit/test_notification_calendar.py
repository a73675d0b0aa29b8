"""A meeting invitation carries an iCalendar (.ics) attachment the parties' calendars can hold:
the meeting's start, the letter's subject, the office and the case number, and nothing more
personal than the letter itself (§9: no name, no address, no national id in it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from notification_harness import CASE, STARTS, Harness, agreement, handle, meeting, registered_case

from notification.adapters import orm, outbound


@pytest.fixture
async def h(tmp_path: Path) -> Harness:
    return await registered_case(tmp_path)


async def calendars(h: Harness) -> dict[str, str | None]:
    """Each e-mailed notice's address and the .ics sealed with it."""
    found = {}
    for row in await h.rows(orm.plumbing.outbox):
        if row["topic"] == "notice:email":
            payload = row["payload"].encode()
            _, address, _, _ = outbound.open_notice(h.cipher, payload)
            found[address] = outbound.open_calendar(h.cipher, payload)
    return found


async def test_par9_the_meeting_invitation_carries_a_calendar_event_that_parses(h: Harness) -> None:
    await handle(h, meeting(h), "ce-meeting")

    sent = {address for _, address, _, _ in await h.sent()}
    attached = await calendars(h)
    assert set(attached) == set(sent), "every e-mailed invitation, the guardian's notice too"
    ics = attached["victim@example.no"]
    assert ics is not None
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == STARTS
    assert event.decoded("dtend") > STARTS
    assert str(event["summary"]) == "Møte i Konfliktrådet"
    assert CASE in str(event["description"])
    assert "konfliktradet-oslo" in str(event["location"])
    # one meeting, one UID in every letter about it: a calendar updates rather than duplicates
    uids = {str(Calendar.from_ical(c).walk("VEVENT")[0]["uid"]) for c in attached.values() if c}
    assert len(uids) == 1


async def test_par9_the_calendar_holds_nothing_personal_the_letter_does_not(h: Harness) -> None:
    await handle(h, meeting(h), "ce-meeting")

    for address, ics in (await calendars(h)).items():
        assert ics is not None
        assert address not in ics
        assert "Synthetic" not in ics, "no party's name"
        assert "ATTENDEE" not in ics and "ORGANIZER" not in ics


async def test_a_letter_about_no_meeting_has_no_calendar(h: Harness) -> None:
    await handle(h, agreement(h), "ce-agreement")

    assert set((await calendars(h)).values()) == {None}
