"""Who gets which notice about an event, and what their letter says."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from notification.domain.commands import SendNotices
from notification.domain.contacts import ContactBook, Recipient
from notification.domain.letters import day, language_of, when
from notification.domain.notices import LEGAL_BASIS
from notification.domain.vocabulary import NoticeKind


def addressed(
    book: ContactBook, cmd: SendNotices
) -> tuple[tuple[tuple[Recipient, NoticeKind], ...], tuple[str, ...]]:
    """Each reachable recipient with the kind of notice they get, and the unreachable ids.

    A minor's guardians are told whenever the minor is (§11 second para), with
    `guardian_kind` when the event has a letter of their own for them.
    """
    party_ids = tuple(a.party.party_id for a in cmd.addressees)
    with_guardians = cmd.guardian_kind is not None
    recipients, unknown = book.recipients(party_ids, with_guardians_of_minors=with_guardians)
    guardians = tuple(g.party_id for ward in cmd.to_guardians_of for g in book.guardians_of(ward))
    extra, extra_unknown = book.recipients(guardians, with_guardians_of_minors=False)
    planned: list[tuple[Recipient, NoticeKind]] = []
    for recipient in recipients:
        is_guardian = recipient.on_behalf_of is not None or (
            recipient.party.guardian_of is not None and recipient.party.guardian_of in party_ids
        )
        kind = cmd.guardian_kind if is_guardian and cmd.guardian_kind else cmd.kind
        planned.append((recipient, kind))
    planned += [(recipient, cmd.kind) for recipient in extra]
    return tuple(planned), unknown + extra_unknown


def legal_basis(cmd: SendNotices, kind: NoticeKind) -> str:
    """The event's own provision where it names one (a breach conversation's §31 or §33)."""
    return cmd.legal_basis if cmd.legal_basis and kind == cmd.kind else LEGAL_BASIS[kind]


MEETING_STARTS = "meeting_starts_at"


def letter_values(
    book: ContactBook, cmd: SendNotices, recipient: Recipient, kind: NoticeKind
) -> tuple[str, dict[str, object]]:
    """The recipient's language and everything the letter's template may ask for."""
    language = language_of(recipient.contact.language)
    ward = recipient.on_behalf_of or recipient.party.guardian_of
    ward_contact = book.contacts.get(ward) if ward else None
    values: dict[str, object] = {
        "name": recipient.contact.name,
        "case_id": cmd.case_id,
        "office": cmd.office or book.office,
        "legal_basis": legal_basis(cmd, kind),
        "ward_name": ward_contact.name if ward_contact else None,
    }
    values.update(_written_out(cmd.facts, language))
    if isinstance(cmd.facts.get("starts_at"), datetime):
        values[MEETING_STARTS] = cmd.facts["starts_at"]  # for the calendar attachment
    return language, values


def _written_out(facts: Mapping[str, object], language: str) -> dict[str, object]:
    written: dict[str, object] = {}
    for key, value in facts.items():
        if isinstance(value, datetime):
            written[key] = when(value, language)
        elif isinstance(value, date):
            written[key] = day(value, language)
        else:
            written[key] = value
    return written
