"""The notices the Act calls for reach the right people, once, and nothing personal is
stored or published in the clear (§9, §11, §18, §24, §31/§33)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from notification_harness import (
    CASE,
    NOW,
    OFFENDER_ID,
    VICTIM_ID,
    Harness,
    case_parties,
    harness,
    reachable_register,
)

from konfliktrad_shared.contracts import mediation, referral, youth_plan
from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from notification.adapters import orm
from notification.domain.channels import RegisterEntry
from notification.entrypoints.consumers import commands_for

STARTS = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 10:00 in Oslo


@pytest.fixture
async def h(tmp_path: Path) -> Harness:
    h = await harness(tmp_path)
    reachable_register(h.register)
    await handle(h, registered(h), "ce-registered")
    return h


def registered(h: Harness) -> referral.ReferralRegistered:
    return referral.ReferralRegistered(
        case_id=CASE,
        sender_reference="POL-1",
        office="konfliktradet-oslo",
        reaction=Reaction.MEDIATION,
        decision_basis=DecisionBasis.TRANSFER,
        offence_date=datetime(2026, 9, 1).date(),
        execution_months=None,
        offender_is_minor=True,
        registered_at=NOW,
        decided_by=DecisionMaker.PROSECUTION,
        parties=case_parties(h.seal),
    )


async def handle(h: Harness, event: Any, ce_id: str) -> None:
    command = commands_for(h.seal)[type(event)](event, ce_id)
    await h.bus.handle(command, Delivery("notification", ce_id))


def agreement(h: Harness, prosecution_case: bool = True) -> mediation.AgreementApproved:
    return mediation.AgreementApproved(
        case_id=CASE,
        agreement_id="a-1",
        office="konfliktradet-oslo",
        approved_at=NOW,
        prosecution_case=prosecution_case,
        withdrawal_ends_at=NOW + timedelta(days=14) if prosecution_case else None,
        # Later events may carry the references without the sealed contact: the book has it.
        parties=[p.model_copy(update={"sealed_contact": None}) for p in case_parties(h.seal)],
    )


def meeting(h: Harness) -> mediation.MeetingScheduled:
    offender, _, victim = case_parties(h.seal)
    return mediation.MeetingScheduled(
        case_id=CASE,
        meeting_id="m-1",
        office="konfliktradet-oslo",
        starts_at=STARTS,
        kind="mediation_meeting",
        participants=[offender, victim],
    )


async def test_par18_each_party_is_told_in_writing_of_the_right_to_withdraw(h: Harness) -> None:
    await handle(h, agreement(h), "ce-agreement")

    letters = {address: (subject, body) for _, address, subject, body in await h.sent()}
    assert {"offender@example.no", "victim@example.no"} <= set(letters)
    subject, body = letters["victim@example.no"]
    assert "trekke deg" in subject and "§18" in body
    assert "4. desember 2026 kl. 13:00" in body, "the period's end, written out in Oslo time"
    assert "Synthetic Victim" in body


async def test_par18_a_minors_guardians_get_the_withdrawal_notice_too(h: Harness) -> None:
    await handle(h, agreement(h), "ce-agreement")

    letters = {address: (subject, body) for _, address, subject, body in await h.sent()}
    subject, body = letters["verge@example.no"]
    assert "right to withdraw" in subject, "the guardian asked for English"
    assert "Synthetic Offender" in body and "Mediation Service Act" not in body
    assert len(letters) == 3


async def test_civil_agreement_is_sent_as_a_copy_without_the_par18_period(h: Harness) -> None:
    await handle(h, agreement(h, prosecution_case=False), "ce-civil")

    bodies = [body for *_, body in await h.sent()]
    assert bodies and all("§17" in body for body in bodies)
    assert not any("withdraw" in body and "before" in body for body in bodies)


async def test_par11_a_minor_partys_guardians_are_notified_of_the_meeting(h: Harness) -> None:
    await handle(h, meeting(h), "ce-meeting")

    letters = {address: (subject, body) for _, address, subject, body in await h.sent()}
    subject, body = letters["verge@example.no"]
    assert "notice of a meeting for Synthetic Offender" in subject
    assert "§11 second para" in body and "3 December 2026 at 10:00" in body
    assert "right to attend" in body


async def test_par9_every_invitation_tells_of_confidentiality_and_its_penalty(h: Harness) -> None:
    await handle(h, meeting(h), "ce-meeting")

    sent = await h.sent()
    assert len(sent) == 3, "offender, victim and the offender's guardian"
    for _, address, _, body in sent:
        if address == "verge@example.no":
            assert "keep secret" in body and "punishable" in body and "§9" in body
        else:
            assert "taushetsplikt" in body and "straffbart" in body and "§9" in body


async def test_par24_the_youth_conference_summons_the_offender_and_guardians(h: Harness) -> None:
    offender, _, _ = case_parties(h.seal)
    conference = youth_plan.ConferenceScheduled(
        case_id=CASE,
        conference_id="yc-1",
        office="konfliktradet-oslo",
        starts_at=STARTS,
        participants=[offender],
    )
    await handle(h, conference, "ce-conference")

    letters = {address: body for _, address, _, body in await h.sent()}
    assert set(letters) == {"offender@example.no", "verge@example.no"}
    assert (
        "§24" in letters["offender@example.no"]
        and "ungdomsstormøte" in letters["offender@example.no"]
    )
    assert "As guardian of Synthetic Offender" in letters["verge@example.no"]


async def test_par33_breach_conversation_summons_names_the_events_provision(h: Harness) -> None:
    offender, _, _ = case_parties(h.seal)
    summons = youth_plan.BreachConversationScheduled(
        case_id=CASE,
        office="konfliktradet-oslo",
        starts_at=STARTS,
        legal_basis="konfliktrådsloven §33 third para",
        participants=[offender],
    )
    await handle(h, summons, "ce-summons")

    bodies = [body for *_, body in await h.sent()]
    assert len(bodies) == 2 and all("§33 third para" in body for body in bodies)


async def test_the_same_event_delivered_twice_queues_one_letter_per_recipient(h: Harness) -> None:
    await handle(h, agreement(h), "ce-agreement")
    with pytest.raises(DuplicateDelivery):
        await handle(h, agreement(h), "ce-agreement")
    # Even past the inbox (a replay under the same id by another consumer name), the notice
    # key (event, recipient, channel) stops a second letter.
    command = commands_for(h.seal)[mediation.AgreementApproved](agreement(h), "ce-agreement")
    await h.bus.handle(command, Delivery("replay", "ce-agreement"))

    addresses = [address for _, address, _, _ in await h.sent()]
    assert sorted(addresses) == ["offender@example.no", "verge@example.no", "victim@example.no"]
    assert len(await h.rows(orm.notices)) == 3


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


async def test_par17_a_due_performance_reminds_the_parties(h: Harness) -> None:
    due = mediation.PerformanceDue(
        case_id=CASE,
        agreement_id="a-1",
        due_on=datetime(2027, 2, 1).date(),
        parties=[p.model_copy(update={"sealed_contact": None}) for p in case_parties(h.seal)],
    )
    await handle(h, due, "ce-due")

    letters = {address: body for _, address, _, body in await h.sent()}
    assert "1. februar 2027" in letters["victim@example.no"]
    assert "1 February 2027" in letters["verge@example.no"]
    assert "konfliktradet-oslo" in letters["offender@example.no"], "office from the book"


async def test_par33_the_guardians_are_told_of_a_transfer_to_the_prosecution(h: Harness) -> None:
    escalated = youth_plan.BreachEscalated(
        case_id=CASE,
        sender_reference="POL-1",
        office="konfliktradet-oslo",
        reaction=Reaction.YOUTH_FOLLOW_UP,
        route=youth_plan.EscalationRoute.PROSECUTION,
        legal_basis="konfliktrådsloven §33 third para",
        breaches=2,
        escalated_at=NOW,
    )
    await handle(h, escalated, "ce-escalated")

    [(_, address, subject, body)] = await h.sent()
    assert address == "verge@example.no" and CASE in subject
    assert "prosecution authority" in body and "§33 third para" in body


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
        case_id=CASE, agreement_id="a-1", due_on=datetime(2027, 2, 1).date(), parties=[]
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
