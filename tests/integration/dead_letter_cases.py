"""One scenario per consumed topic for test_dead_letters.py: the poison, the good message(s)
behind it, and what shows each consumer processed them."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from dead_letter_apps import Suite
from dead_letter_messages import (
    EMAIL,
    NAME,
    NATIONAL_ID,
    Message,
    Poison,
    breach_escalated,
    good,
    guardian_email,
    poison_for,
    referral_registered,
)
from fixtures.topic_probe import Producer, eventually_true

from devtools.suite_client import OFFICE, case_transferred
from konfliktrad_shared import bus_rights
from konfliktrad_shared.contracts import agencies, mediation, topics, vetting, youth_plan
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole

Probe = Callable[[], Awaitable[Any]]


@dataclass
class Scenario:
    poison: list[Poison]
    good: list[Message]
    processed: dict[str, Probe] = field(default_factory=dict)  # what shows it, per consumer


def referrals(sender: str) -> Callable[[Suite], Awaitable[Scenario]]:
    """Referrals on `sender`'s own topic, with its own `ce_source`."""

    async def scenario(suite: Suite) -> Scenario:
        return await _referrals(suite, sender)

    return scenario


async def _referrals(suite: Suite, sender: str) -> Scenario:
    source = bus_rights.principal(sender).source or ""
    reference = f"POL-{uuid4().hex[:8].upper()}"
    transfer = case_transferred(agencies.Reaction.MEDIATION, reference, sender)
    with_personal_data = json.loads(transfer.model_dump_json())
    with_personal_data["offender"].update(national_id=NATIONAL_ID, name=NAME)
    with_personal_data["offender"]["guardians"][0]["email"] = EMAIL
    broken_json = json.dumps(with_personal_data).encode()[:-40]
    wrong_schema = {
        "sender_reference": reference,
        "offender": {"national_id": NATIONAL_ID, "name": NAME, "consents": f"{NAME} {NATIONAL_ID}"},
        "guardians": [{"name": NAME, "email": f"{NAME} <{EMAIL}>"}],
    }
    poison = poison_for(
        transfer.event_type,
        broken_json,
        wrong_schema,
        json.dumps(with_personal_data).encode(),
        source,
    )

    async def registered() -> bool:
        rows = await suite.rows(
            "referral", "select status from cases where sender_reference = :r", r=reference
        )
        return [row.status for row in rows] == ["registered"]

    return Scenario(poison, [good(transfer, source)], {"referral": registered})


async def referral_events(suite: Suite) -> Scenario:
    youth_case, mediation_case = f"case-{uuid4()}", f"case-{uuid4()}"
    youth = referral_registered(youth_case, agencies.Reaction.YOUTH_FOLLOW_UP)
    mediation = referral_registered(mediation_case, agencies.Reaction.MEDIATION)
    poison = poison_for(
        youth.event_type,
        b'{"case_id": "' + youth_case.encode() + b'", "parties": [{"party_id": "' + EMAIL.encode(),
        {
            "case_id": youth_case,
            "parties": [{"party_id": NAME, "role": EMAIL}],
            "offender_is_minor": NAME,
        },
        youth.model_dump_json().encode(),
    )

    async def youth_case_opened() -> bool:
        rows = await suite.rows(
            "youth_plan", "select 1 from youth_cases where case_id = :c", c=youth_case
        )
        return len(rows) == 1

    async def mediation_case_opened() -> bool:
        rows = await suite.rows(
            "mediation", "select 1 from mediation_cases where case_id = :c", c=mediation_case
        )
        return len(rows) == 1

    async def contacts_kept() -> bool:
        rows = await suite.rows(
            "notification",
            "select distinct case_id from contact_book where case_id in (:y, :m)",
            y=youth_case,
            m=mediation_case,
        )
        return len(rows) == 2

    return Scenario(
        poison,
        [good(youth), good(mediation)],
        {
            "youth_plan": youth_case_opened,
            "mediation": mediation_case_opened,
            "notification": contacts_kept,
        },
    )


async def youth_plan_events(suite: Suite) -> Scenario:
    case_id = f"case-{uuid4()}"
    # The guardian's address must be known for notification to write to them.
    async with Producer(suite.bus.service("referral")) as producer:
        registration = good(referral_registered(case_id, agencies.Reaction.YOUTH_FOLLOW_UP))
        await producer.send(
            topics.REFERRAL_EVENTS, registration.value, key=case_id, headers=registration.headers
        )

    async def contacts_known() -> bool:
        return bool(
            await suite.rows(
                "notification", "select 1 from contact_book where case_id = :c", c=case_id
            )
        )

    await eventually_true(contacts_known, "notification to keep the guardian's address")
    escalated = breach_escalated(case_id, youth_plan.EscalationRoute.PROSECUTION)
    poison = poison_for(
        escalated.event_type,
        b'{"case_id": "' + case_id.encode() + b'", "route": "prosecution", ',
        {"case_id": case_id, "route": "to the moon", "breaches": "two"},
        escalated.model_dump_json().encode(),
    )

    async def guardian_written_to() -> bool:
        return any(case_id in str(letter["Subject"]) for letter in suite.standins.mail.messages)

    return Scenario(poison, [good(escalated)], {"notification": guardian_written_to})


async def mediation_events(suite: Suite) -> Scenario:
    """notification is the consumer: a minor's guardian is told of the meeting (§11)."""
    case_id = f"case-{uuid4()}"
    async with Producer(suite.bus.service("referral")) as producer:
        registration = good(referral_registered(case_id, agencies.Reaction.MEDIATION))
        await producer.send(
            topics.REFERRAL_EVENTS, registration.value, key=case_id, headers=registration.headers
        )

    async def contacts_known() -> bool:
        return bool(
            await suite.rows(
                "notification", "select 1 from contact_book where case_id = :c", c=case_id
            )
        )

    await eventually_true(contacts_known, "notification to keep the parties' contacts")
    scheduled = mediation.MeetingScheduled(
        case_id=case_id,
        meeting_id=f"m-{uuid4().hex[:8]}",
        office=OFFICE,
        starts_at=datetime.now(UTC),
        kind="mediation_meeting",
        participants=[PartyRef(party_id="offender", role=PartyRole.OFFENDER, is_minor=True)],
    )
    poison = poison_for(
        scheduled.event_type,
        b'{"case_id": "' + case_id.encode() + b'", "participants": [',
        {"case_id": case_id, "starts_at": "tomorrow", "participants": "everyone"},
        scheduled.model_dump_json().encode(),
    )

    async def guardian_told() -> bool:
        return any(m["To"] == guardian_email(case_id) for m in suite.standins.mail.messages)

    return Scenario(poison, [good(scheduled)], {"notification": guardian_told})


async def vetting_events(suite: Suite) -> Scenario:
    today = date.today()
    appointed = vetting.MediatorAppointed(
        mediator_id=f"mediator-{uuid4()}",
        office=OFFICE,
        municipality="0301",
        term_starts=today,
        term_ends=today.replace(year=today.year + 4),
        appointed_at=datetime.now(UTC),
    )
    poison = poison_for(
        appointed.event_type,
        b'{"mediator_id": "' + appointed.mediator_id.encode() + b'", "office": ',
        {"mediator_id": appointed.mediator_id, "term_ends": "in four years"},
        appointed.model_dump_json().encode(),
    )

    async def on_roster() -> bool:
        rows = await suite.rows(
            "mediation", "select 1 from roster where mediator_id = :m", m=appointed.mediator_id
        )
        return len(rows) == 1

    return Scenario(poison, [good(appointed)], {"mediation": on_roster})


def agency_topic(
    adapter: str, route: youth_plan.EscalationRoute
) -> Callable[[Suite], Awaitable[Scenario]]:
    async def scenario(suite: Suite) -> Scenario:
        escalated = breach_escalated(f"case-{uuid4()}", route)
        poison = poison_for(
            escalated.event_type,
            b'{"case_id": "' + escalated.case_id.encode() + b'"',
            {"case_id": escalated.case_id, "breaches": -1, "escalated_at": "yesterday"},
            escalated.model_dump_json().encode(),
        )
        message = good(escalated)
        inbox = (
            suite.standins.prosecution
            if route is youth_plan.EscalationRoute.PROSECUTION
            else suite.standins.correctional
        )

        async def delivered() -> bool:
            return any(d.event_id == message.ce_id for d in inbox.deliveries)

        return Scenario(poison, [message], {adapter: delivered})

    return scenario


SCENARIOS: dict[str, Callable[[Suite], Awaitable[Scenario]]] = {
    **{sender.referral_topic: referrals(sender.name) for sender in bus_rights.senders()},
    topics.REFERRAL_EVENTS: referral_events,
    topics.YOUTH_PLAN_EVENTS: youth_plan_events,
    topics.VETTING_EVENTS: vetting_events,
    topics.MEDIATION_EVENTS: mediation_events,
    topics.PROSECUTION: agency_topic("prosecution_adapter", youth_plan.EscalationRoute.PROSECUTION),
    topics.CORRECTIONAL: agency_topic(
        "correctional_adapter", youth_plan.EscalationRoute.CORRECTIONAL_SERVICE
    ),
}
