"""How a notice reaches a person: the contact register decides paper or digital
(eForvaltningsforskriften §9), nobody unreachable is dropped silently, a moved case's
letters name the new office (§13), and nothing personal is stored, published or logged in
the clear (§9)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from notification_harness import (
    CASE,
    NOW,
    OFFENDER_ID,
    VICTIM_ID,
    Harness,
    agreement,
    handle,
    meeting,
    registered_case,
)

from konfliktrad_shared.contracts import mediation, referral
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from notification.adapters import orm
from notification.domain.channels import RegisterEntry


@pytest.fixture
async def h(tmp_path: Path) -> Harness:
    return await registered_case(tmp_path)


async def test_a_person_who_opted_out_of_digital_mail_gets_paper_in_the_print_queue(
    h: Harness,
) -> None:
    h.register.people[VICTIM_ID] = RegisterEntry(opted_out=True, postal_address="Gate 1, Oslo")
    await handle(h, agreement(h), "ce-agreement")

    assert "victim@example.no" not in [address for _, address, _, _ in await h.sent()]
    [paper] = await h.rows(orm.print_queue)
    assert VICTIM_ID not in json.dumps(paper, default=str)
    assert "Gate 1" not in json.dumps(paper, default=str), "sealed at rest"
    statuses = {(s["party_id"], s["channel"], s["status"]) for s in await h.statuses()}
    assert ("victim-1", "paper", "sent") in statuses


async def test_digital_mailbox_and_sms_when_the_register_knows_them(h: Harness) -> None:
    h.register.people[OFFENDER_ID] = RegisterEntry(
        opted_out=False, digital_mailbox="digipost:123", phone="+4799999999"
    )
    await handle(h, agreement(h), "ce-agreement")

    [(_, mailbox, subject, _)] = await h.sent("notice:digital_mailbox")
    assert mailbox == "digipost:123" and "trekke deg" in subject
    [(_, phone, _, text)] = await h.sent("notice:sms")
    assert phone == "+4799999999" and len(text) < 200 and CASE in text


async def test_nobody_reachable_is_recorded_as_failed_not_silently_dropped(h: Harness) -> None:
    h.register.people.clear()
    await handle(h, agreement(h), "ce-agreement")

    failed = [s for s in await h.statuses() if s["status"] == "failed"]
    assert {s["party_id"] for s in failed} == {"offender", "victim-1"}
    assert all(s["reason"] == "no_address" and "§18" in s["legal_basis"] for s in failed)


async def test_par9_contacts_and_letters_are_sealed_at_rest_and_events_carry_no_identity(
    h: Harness,
) -> None:
    await handle(h, agreement(h), "ce-agreement")

    stored = [
        *await h.rows(orm.contact_book),
        *await h.rows(orm.plumbing.outbox),
        *await h.rows(orm.notices),
    ]
    dumped = json.dumps(stored, default=str)
    for personal in ("Synthetic", OFFENDER_ID, VICTIM_ID, "example.no"):
        assert personal not in dumped


async def test_par13_after_a_move_letters_name_the_new_office(h: Harness) -> None:
    moved = referral.CaseMoved(
        case_id=CASE,
        from_office="konfliktradet-oslo",
        to_office="konfliktradet-bergen",
        legal_basis="konfliktrådsloven §13 second para",
        moved_at=NOW,
    )
    await handle(h, moved, "ce-moved")
    due = mediation.PerformanceDue(
        case_id=CASE, agreement_id="a-1", due_on=date(2027, 2, 1), parties=[]
    )
    due = due.model_copy(update={"parties": agreement(h).parties[2:]})
    await handle(h, due, "ce-due")

    [(_, address, _, body)] = await h.sent()
    assert address == "victim@example.no" and "konfliktradet-bergen" in body


async def test_par9_no_name_address_or_national_id_is_logged(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    stranger = PartyRef(party_id="victim-2", role=PartyRole.VICTIM)  # not in the book
    with_stranger = meeting(h).model_copy(
        update={"participants": [*meeting(h).participants, stranger]}
    )
    await handle(h, agreement(h), "ce-agreement")
    await handle(h, with_stranger, "ce-meeting")

    assert "case-1: no contact details for victim-2" in caplog.text, "logged by reference"
    for personal in ("Synthetic", OFFENDER_ID, VICTIM_ID, "example.no"):
        assert personal not in caplog.text
