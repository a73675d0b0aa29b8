"""A letter's words, and the facts it is written from. The wording itself lives in the
templates (adapters/templates), one per notice kind and language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

OFFICE_TIME = ZoneInfo("Europe/Oslo")
LANGUAGES = ("nb", "en")
MONTHS_NB = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    # A letter about a meeting: its iCalendar (.ics) text, attached to the e-mail.
    calendar: str | None = None


class Letters(Protocol):
    def render(self, template: str, language: str, values: Mapping[str, object]) -> Letter:
        """The letter in `language`; a value the template needs and `values` lacks is an
        error, never a blank in the letter."""


def language_of(preferred: str) -> str:
    """Bokmål unless the person asked for one of the other languages we write in."""
    return preferred if preferred in LANGUAGES else "nb"


def when(moment: datetime, language: str) -> str:
    local = moment.astimezone(OFFICE_TIME)
    if language == "en":
        return f"{local.day} {local:%B %Y} at {local:%H:%M}"
    return f"{local.day}. {MONTHS_NB[local.month - 1]} {local.year} kl. {local:%H:%M}"


def day(value: date, language: str) -> str:
    if language == "en":
        return f"{value.day} {value:%B %Y}"
    return f"{value.day}. {MONTHS_NB[value.month - 1]} {value.year}"
