"""A victim with a strictly confidential address (Folkeregisteret's `strengt fortrolig
adresse`), end to end on the real broker and PostgreSQL: the police's referral carries the
address and its protection level, referral seals both for notification, and the letters the
offender and the offender's guardian receive hold no part of that address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import Message
from uuid import uuid4

import pytest
from suite_support import RunningSuite, messages_where, payload
from test_notification_end_to_end import (
    TRACEPARENT,
    mails_to,
    minor_and_victim_transfer,
    publish,
    registered_parties,
)

from devtools.suite_client import eventually, send_referral
from konfliktrad_shared.contracts import mediation, topics
from konfliktrad_shared.contracts.parties import AddressProtection

pytestmark = pytest.mark.e2e
HIDDEN = "Skjulestien 17 B, 1337 Sandvika"
HIDDEN_PARTS = ("skjulestien", "17 b", "1337", "sandvika")


def whole(message: Message) -> str:
    """Subject, body and every attachment (the meeting's calendar), as one text."""
    parts = [str(message["Subject"])]
    for part in message.walk():
        if not part.is_multipart():
            parts.append(part.get_payload(decode=True).decode(errors="replace"))
    return "\n".join(parts).casefold()


async def test_letters_to_the_offender_hold_no_part_of_the_victims_strictly_confidential_address(
    suite: RunningSuite,
) -> None:
    transfer, mail = minor_and_victim_transfer(suite)
    protected = transfer.victims[0].model_copy(
        update={
            "postal_address": HIDDEN,
            "address_protection": AddressProtection.STRICTLY_CONFIDENTIAL,
        }
    )
    transfer = transfer.model_copy(update={"victims": [protected]})
    await send_referral(suite.bootstrap, transfer, TRACEPARENT)
    case_id, parties = await registered_parties(suite.operator, transfer.sender_reference)
    by_id = {p.party_id: p for p in parties}

    def about_case(headers: dict[str, str], value: bytes) -> bool:
        return payload(value).get("case_id") == case_id

    on_the_wire = await messages_where(suite.operator, topics.REFERRAL_EVENTS, about_case)
    for _, value in on_the_wire:
        assert not any(part in value.decode().casefold() for part in HIDDEN_PARTS[:3])

    run = mail["run"]
    meeting = mediation.MeetingScheduled(
        case_id=case_id,
        meeting_id=f"m-{run}",
        office=transfer.office,
        starts_at=datetime.now(UTC) + timedelta(days=10),
        kind="mediation_meeting",
        participants=[by_id["offender"], by_id["victim-1"]],
    )
    await publish(suite, topics.MEDIATION_EVENTS, meeting, str(uuid4()))
    approved = mediation.AgreementApproved(
        case_id=case_id,
        agreement_id=f"a-{run}",
        office=transfer.office,
        approved_at=datetime.now(UTC),
        prosecution_case=True,
        withdrawal_ends_at=datetime.now(UTC) + timedelta(days=14),
        parties=parties,
    )
    await publish(suite, topics.MEDIATION_EVENTS, approved, str(uuid4()))

    async def letters() -> list[Message] | None:
        found = [
            m
            for address in (mail["offender"], mail["guardian"], mail["victim"])
            for m in mails_to(suite, address)
            if "trekke deg" in str(m["Subject"])
        ]
        return found if len(found) >= 3 else None

    await eventually(letters, "the §18 notices to offender, guardian and victim")
    to_the_other_side = [
        m for address in (mail["offender"], mail["guardian"]) for m in mails_to(suite, address)
    ]
    assert len(to_the_other_side) >= 4, "invitation or guardian notice, and the §18 notice each"
    for message in to_the_other_side:
        text = whole(message)
        found = [part for part in HIDDEN_PARTS if part in text]
        assert found == [], f"{message['Subject']} shows {found}"
    [to_victim] = [m for m in mails_to(suite, mail["victim"]) if "trekke" in str(m["Subject"])]
    assert "§18" in to_victim.get_content(), "the victim is told all the same"
