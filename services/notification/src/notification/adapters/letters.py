"""Letters from Jinja2 templates, one per notice kind and language (templates/<language>/).

The first line a template renders is the subject, the rest the body. `StrictUndefined` makes
a missing value an error, so a letter never goes out with a blank where a date should be.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from notification.adapters.calendar_invitation import meeting_ics
from notification.domain.letters import Letter
from notification.domain.planning import MEETING_STARTS

TEMPLATES = Path(__file__).parent / "templates"


class TemplateLetters:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._environment = Environment(
            loader=FileSystemLoader(templates),
            undefined=StrictUndefined,
            autoescape=False,  # noqa: S701 - plain-text letters and SMS, never HTML
            keep_trailing_newline=True,
        )

    def render(self, template: str, language: str, values: Mapping[str, object]) -> Letter:
        text = self._environment.get_template(f"{language}/{template}.j2").render(values)
        subject, _, body = text.partition("\n")
        letter = Letter(subject=subject.strip(), body=body.lstrip("\n"))
        starts_at = values.get(MEETING_STARTS)
        if not isinstance(starts_at, datetime):
            return letter  # only the e-mail channel attaches it (`channels.SmtpNotices`)
        calendar = meeting_ics(
            language=language,
            starts_at=starts_at,
            office=str(values.get("office") or ""),
            case_id=str(values.get("case_id") or ""),
        )
        return replace(letter, calendar=calendar)

    def kinds(self, language: str) -> list[str]:
        return sorted(
            path.stem
            for path in (TEMPLATES / language).glob("*.j2")
            if not path.stem.startswith("_")
        )
