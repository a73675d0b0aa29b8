"""The notices the Act calls for go to the people an event names and to the guardians of
the minors among them, once per recipient (§9, §11, §17, §18, §24, §31/§33)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from notification_harness import (
    CASE,
    NOW,
    STARTS,
    Harness,
    agreement,
    case_parties,
    handle,
    meeting,
    registered_case,
)

from konfliktrad_shared.contracts import mediation, youth_plan
from konfliktrad_shared.contracts.agencies import Reaction
from konfliktrad_shared.inbox import Delivery, DuplicateDelivery
from notification.adapters import orm
from notification.entrypoints.consumers import commands_for


@pytest.fixture
async def h(tmp_path: Path) -> Harness:
    return await registered_case(tmp_path)


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
