"""A party whose address Folkeregisteret protects (`fortrolig`, `strengt fortrolig adresse`)
is never found through a letter to another party of the case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from notification_harness import (
    CASE,
    VICTIM_ID,
    Harness,
    agreement,
    case_parties,
    handle,
    harness,
    meeting,
    reachable_register,
    registered,
)

from konfliktrad_shared.contact_seal import ContactDetails
from konfliktrad_shared.contracts.parties import AddressProtection, PartyRef
from konfliktrad_shared.db import session_factory
from notification.adapters import orm
from notification.adapters.letters import TemplateLetters
from notification.adapters.repository import ContactBooks
from notification.domain.letters import Letter
from notification.domain.protection import address_parts
from notification.entrypoints.consumers import commands_for

HIDDEN = "Skjulestien 17 B, 1337 Sandvika"
HIDDEN_PARTS = ("Skjulestien", "17 B", "1337", "Sandvika")


def with_protected_victim(h: Harness, level: AddressProtection) -> list[PartyRef]:
    parties = case_parties(h.seal)
    victim = ContactDetails(
        name="Synthetic Victim",
        national_id=VICTIM_ID,
        postal_address=HIDDEN,
        address_protection=level,
    )
    sealed = h.seal.seal(victim, case_id=CASE, party_id="victim-1")
    return [
        p.model_copy(update={"sealed_contact": sealed}) if p.party_id == "victim-1" else p
        for p in parties
    ]


async def registered_with_protected_victim(
    h: Harness, level: AddressProtection = AddressProtection.STRICTLY_CONFIDENTIAL
) -> list[PartyRef]:
    """The parties as the referral sealed them; later events carry these along unread."""
    reachable_register(h.register)
    parties = with_protected_victim(h, level)
    await handle(h, registered(h).model_copy(update={"parties": parties}), "ce-registered")
    return parties


def meeting_of(h: Harness, parties: list[PartyRef]) -> object:
    offender, _, victim = parties
    return meeting(h).model_copy(update={"participants": [offender, victim]})


def letters_to(sent: list[tuple[str, str, str, str]], address: str) -> list[str]:
    return [f"{subject}\n{body}" for _, to, subject, body in sent if to == address]


async def test_a_letter_to_the_offender_holds_no_part_of_the_victims_strictly_confidential_address(
    tmp_path: Path,
) -> None:
    h = await harness(tmp_path)
    parties = await registered_with_protected_victim(h)
    await handle(h, meeting_of(h, parties), "ce-meeting")
    await handle(h, agreement(h), "ce-agreement")

    sent = await h.sent()
    to_offender = letters_to(sent, "offender@example.no")
    to_guardian = letters_to(sent, "verge@example.no")
    assert len(to_offender) == 2 and len(to_guardian) == 2, "invitation and agreement copy"
    for letter in to_offender + to_guardian:
        for part in HIDDEN_PARTS:
            assert part.casefold() not in letter.casefold()
    assert len(letters_to(sent, "victim@example.no")) == 2, "the victim is still told"


async def test_the_protection_level_is_kept_in_the_contact_book(tmp_path: Path) -> None:
    h = await harness(tmp_path)
    await registered_with_protected_victim(h, AddressProtection.CONFIDENTIAL)

    [row] = [r for r in await h.rows(orm.contact_book) if r["party_id"] == "victim-1"]
    assert "Skjulestien" not in str(row) and "fortrolig" not in str(row), "sealed at rest"
    async with session_factory(h.engine)() as session:
        book = await ContactBooks(session, h.cipher).get(CASE)
    assert book is not None
    assert book.contacts["victim-1"].address_protection == "fortrolig"
    assert book.contacts["victim-1"].postal_address == HIDDEN


class FactsInTheLetter:
    """Templates that write every fact into the letter: what a careless template (a meeting
    place, an agreement's wording) would do with an address an event carried."""

    def __init__(self) -> None:
        self._real = TemplateLetters()

    def render(self, template: str, language: str, values: Mapping[str, object]) -> Letter:
        letter = self._real.render(template, language, values)
        facts = " ".join(str(values.get(key, "")) for key in ("place", "terms"))
        return Letter(letter.subject, f"{letter.body}\n{facts}", letter.calendar)


async def test_a_letter_that_would_reveal_a_protected_address_is_withheld_not_sent(
    tmp_path: Path,
) -> None:
    h = await harness(tmp_path, letters=FactsInTheLetter())
    parties = await registered_with_protected_victim(h)
    careless = meeting_of(h, parties)
    command = _with_facts(h, careless, {"place": "hjemme hos fornærmede, Skjulestien 17 B"})
    await h.bus.handle(command)

    sent = await h.sent()
    assert letters_to(sent, "offender@example.no") == []
    assert letters_to(sent, "verge@example.no") == []
    assert len(letters_to(sent, "victim@example.no")) == 1, "the victim's own address: theirs"
    withheld = [s for s in await h.statuses() if s["reason"] == "protected_address"]
    assert {s["party_id"] for s in withheld} == {"offender", "guardian-offender-1"}
    assert all(s["status"] == "failed" for s in withheld)
    assert all("Skjulestien" not in str(s) for s in await h.statuses())


async def test_an_ungraded_address_in_a_letter_is_not_withheld(tmp_path: Path) -> None:
    h = await harness(tmp_path, letters=FactsInTheLetter())
    parties = await registered_with_protected_victim(h, AddressProtection.UNGRADED)
    command = _with_facts(h, meeting_of(h, parties), {"place": "Skjulestien 17 B"})
    await h.bus.handle(command)

    assert len(letters_to(await h.sent(), "offender@example.no")) == 1


def test_the_parts_of_an_address_are_its_lines_street_and_postcode() -> None:
    parts = address_parts("Skjulestien 17 B, 1337 Sandvika")
    assert {"skjulestien 17 b", "1337 sandvika", "skjulestien", "1337"} <= parts
    assert "sandvika" not in parts, "a post town alone names no home"


def _with_facts(h: Harness, event: object, facts: dict[str, object]) -> object:
    command = commands_for(h.seal)[type(event)](event, "ce-careless")
    return replace(command, facts={**command.facts, **facts})
