"""The messages test_dead_letters.py puts on the topics: poison carrying personal data, and
the good messages that must still be processed behind it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from fixtures.topic_probe import cloud_event_headers

from devtools.suite_client import OFFICE
from devtools.testdata import synthetic_national_id
from konfliktrad_shared.contact_seal import ContactDetails, ContactSeal
from konfliktrad_shared.contracts import agencies, referral, youth_plan
from konfliktrad_shared.contracts.base import IntegrationEvent
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.crypto import Keyring, generate_key

# Personal data the poison carries; none of it may show up in a dlq_error header or a log line.
NATIONAL_ID = synthetic_national_id(date(2009, 7, 23), individual_number=431)
NAME = "Kari Poison Nordmann"
EMAIL = "kari.poison.nordmann@example.no"
PERSONAL_DATA = (NATIONAL_ID, NAME, EMAIL)
# The contact keyring referral and notification share (KONFLIKTRAD_CONTACT_KEYS).
CONTACT_KEYS = f"dlq:{generate_key()}"
SEAL = ContactSeal(Keyring.from_setting(CONTACT_KEYS))
TEST_SOURCE = "urn:test:dlq"


@dataclass(frozen=True)
class Message:
    value: bytes
    headers: dict[str, str]

    @property
    def ce_id(self) -> str:
        return self.headers["ce_id"]


@dataclass(frozen=True)
class Poison(Message):
    reason: str = ""


def good(event: IntegrationEvent, source: str = TEST_SOURCE) -> Message:
    return Message(
        event.model_dump_json().encode(),
        cloud_event_headers(event.event_type, event.subject(), source=source),
    )


def poison_for(
    known_type: str,
    invalid_json: bytes,
    wrong_schema: dict[str, Any],
    valid: bytes,
    source: str = TEST_SOURCE,
) -> list[Poison]:
    """Invalid JSON and a broken contract under a type the consumers know; then a valid body
    under a type version nobody consumes. `source`: on a sender's topic, that sender's own
    (any other is a `sender_mismatch` before the body is read)."""
    subject = f"poison-{uuid4().hex[:8]}"
    unknown_type = known_type.removesuffix(".v1") + ".v2"
    return [
        Poison(
            invalid_json, cloud_event_headers(known_type, subject, source=source), "invalid_json"
        ),
        Poison(
            json.dumps(wrong_schema).encode(),
            cloud_event_headers(known_type, subject, source=source),
            "schema_violation",
        ),
        Poison(valid, cloud_event_headers(unknown_type, subject, source=source), "unknown_type"),
    ]


def guardian_email(case_id: str) -> str:
    return f"verge-{case_id[-12:]}@example.no"


def sealed_parties(case_id: str) -> list[PartyRef]:
    """A minor offender and a guardian, sealed as referral seals them for notification."""
    guardian = ContactDetails(name="Synthetic Guardian", email=guardian_email(case_id))
    offender = ContactDetails(name="Synthetic Offender")
    return [
        PartyRef(
            party_id="offender",
            role=PartyRole.OFFENDER,
            is_minor=True,
            sealed_contact=SEAL.seal(offender, case_id=case_id, party_id="offender"),
        ),
        PartyRef(
            party_id="guardian-offender-1",
            role=PartyRole.GUARDIAN,
            guardian_of="offender",
            sealed_contact=SEAL.seal(guardian, case_id=case_id, party_id="guardian-offender-1"),
        ),
    ]


def referral_registered(case_id: str, reaction: agencies.Reaction) -> referral.ReferralRegistered:
    return referral.ReferralRegistered(
        parties=sealed_parties(case_id),
        case_id=case_id,
        sender_reference=f"POL-{uuid4().hex[:8]}",
        office=OFFICE,
        reaction=reaction,
        decision_basis=agencies.DecisionBasis.TRANSFER,
        offence_date=date(2026, 9, 1),
        execution_months=6,
        offender_is_minor=True,
        registered_at=datetime.now(UTC),
    )


def breach_escalated(case_id: str, route: youth_plan.EscalationRoute) -> youth_plan.BreachEscalated:
    sentence = route is youth_plan.EscalationRoute.CORRECTIONAL_SERVICE
    return youth_plan.BreachEscalated(
        case_id=case_id,
        sender_reference=f"POL-{uuid4().hex[:8]}",
        office=OFFICE,
        reaction=agencies.Reaction.YOUTH_SENTENCE
        if sentence
        else agencies.Reaction.YOUTH_FOLLOW_UP,
        route=route,
        legal_basis="konfliktrådsloven §31 third para"
        if sentence
        else "konfliktrådsloven §33 third para",
        breaches=2,
        escalated_at=datetime.now(UTC),
    )
