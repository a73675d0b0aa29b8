"""The iCalendar (.ics, RFC 5545) attachment of a letter about a meeting, so the recipient's
calendar holds it. Written with the `icalendar` library rather than by hand: folding, escaping
and time zones are easy to get subtly wrong in RFC 5545.

It carries less than the letter: a fixed summary (not the letter's subject, which names the
ward in a guardian's notice), the start, the office as the place, the case number. No name, no
address, no attendee (an ATTENDEE line would put the recipient's address in the file;
METHOD:PUBLISH needs none).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from icalendar import Calendar, Event

# How long the calendar blocks: the slot mediation holds a mediator for (its bookings rule).
MEETING_LENGTH = timedelta(hours=2)


SUMMARY = {"nb": "Møte i Konfliktrådet", "en": "Meeting at Konfliktrådet"}


def meeting_ics(*, language: str, starts_at: datetime, office: str, case_id: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Konfliktrådet//saksbehandling//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # The same meeting gives the same UID in every letter, so a resent letter updates it.
    event.add(
        "uid", f"{uuid5(NAMESPACE_URL, f'{case_id}/{starts_at.isoformat()}')}@konfliktraadet.no"
    )
    event.add("dtstamp", starts_at)
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + MEETING_LENGTH)
    event.add("summary", SUMMARY.get(language, SUMMARY["nb"]))
    event.add("location", f"Konfliktrådet ({office})")
    event.add("description", f"Saksnummer: {case_id}")
    calendar.add_component(event)
    return calendar.to_ical().decode()
