"""Every letter renders in bokmål and English, and a value the template needs but did not get
is an error here — never a blank in a letter that goes out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from jinja2 import UndefinedError

from notification.adapters.letters import TemplateLetters
from notification.domain.letters import LANGUAGES, language_of
from notification.domain.notices import LEGAL_BASIS
from notification.domain.vocabulary import NoticeKind

EVERYTHING = {
    "name": "Synthetic Person",
    "case_id": "case-1",
    "office": "konfliktradet-oslo",
    "legal_basis": "konfliktrådsloven §18",
    "ward_name": "Synthetic Minor",
    "starts_at": "3. desember 2026 kl. 10:00",
    "indirect": False,
    "approved_at": "20. november 2026 kl. 13:00",
    "withdrawal_ends_at": "4. desember 2026 kl. 13:00",
    "due_on": "1. februar 2027",
    "agency": "prosecution",
}
letters = TemplateLetters()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [*NoticeKind, "sms_notice"])
def test_every_notice_renders_in_both_languages(kind: str, language: str) -> None:
    letter = letters.render(str(kind), language, EVERYTHING)

    assert letter.subject and letter.body.strip()
    assert "Synthetic Person" in letter.body or kind == "sms_notice"
    assert "case-1" in letter.subject + letter.body
    assert "None" not in letter.body and "{{" not in letter.body


def test_each_notice_kind_has_a_template_and_a_provision_in_each_language() -> None:
    for language in LANGUAGES:
        assert set(letters.kinds(language)) == {k.value for k in NoticeKind} | {"sms_notice"}
    assert set(LEGAL_BASIS) == set(NoticeKind)


@pytest.mark.parametrize("language", LANGUAGES)
def test_par18_a_missing_period_end_is_an_error_not_a_blank(language: str) -> None:
    values = {k: v for k, v in EVERYTHING.items() if k != "withdrawal_ends_at"}
    with pytest.raises(UndefinedError, match="withdrawal_ends_at"):
        letters.render(NoticeKind.WITHDRAWAL_NOTICE.value, language, values)


@pytest.mark.parametrize("language", LANGUAGES)
def test_par11_a_missing_meeting_time_is_an_error_not_a_blank(language: str) -> None:
    values = {k: v for k, v in EVERYTHING.items() if k != "starts_at"}
    with pytest.raises(UndefinedError, match="starts_at"):
        letters.render(NoticeKind.GUARDIAN_MEETING_NOTICE.value, language, values)


def test_par9_english_and_bokmal_invitations_both_carry_the_confidentiality_duty() -> None:
    bokmal = letters.render(NoticeKind.MEETING_INVITATION.value, "nb", EVERYTHING).body
    english = letters.render(NoticeKind.MEETING_INVITATION.value, "en", EVERYTHING).body
    assert "taushetsplikt" in bokmal and "straffbart" in bokmal
    assert "keep secret" in english and "punishable" in english


def test_an_unknown_language_falls_back_to_bokmal() -> None:
    assert language_of("se") == "nb" and language_of("en") == "en"


def test_dates_are_written_out_in_oslo_time_in_each_language() -> None:
    from notification.domain.letters import day, when

    moment = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    assert when(moment, "nb") == "1. juli 2026 kl. 10:30"
    assert when(moment, "en") == "1 July 2026 at 10:30"
    assert day(date(2027, 2, 1), "nb") == "1. februar 2027"
