"""A notification service on a migrated SQLite file, with its real templates and a contact
register stand-in held in memory (unit tests only: the e2e uses the HTTP stand-ins)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import notification
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contact_seal import ContactDetails, ContactSeal
from konfliktrad_shared.contracts import mediation, referral
from konfliktrad_shared.contracts.agencies import DecisionBasis, DecisionMaker, Reaction
from konfliktrad_shared.contracts.parties import PartyRef, PartyRole
from konfliktrad_shared.crypto import FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.migrations import upgrade_to_head
from notification import handlers
from notification.adapters import orm, outbound
from notification.adapters.letters import TemplateLetters
from notification.adapters.unit_of_work import NotificationUnitOfWork
from notification.bootstrap import SOURCE
from notification.domain.channels import RegisterEntry
from notification.domain.letters import Letters
from notification.entrypoints.consumers import commands_for

MIGRATIONS = Path(notification.__file__).parent / "migrations"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CASE = "case-1"
OFFENDER_ID, VICTIM_ID = "14831051222", "01861251256"  # synthetic national ids


@dataclass
class MemoryRegister:
    people: dict[str, RegisterEntry] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def lookup(self, national_id: str) -> RegisterEntry | None:
        self.lookups.append(national_id)
        return self.people.get(national_id)


@dataclass
class Harness:
    engine: AsyncEngine
    bus: MessageBus
    cipher: FieldCipher
    seal: ContactSeal
    register: MemoryRegister

    async def rows(self, table: Any) -> list[dict[str, Any]]:
        async with self.engine.connect() as connection:
            return [dict(r) for r in (await connection.execute(select(table))).mappings()]

    async def sent(self, channel: str = "notice:email") -> list[tuple[str, str, str, str]]:
        """(notice_id, address, subject, body) of every notice row on `channel`."""
        return [
            outbound.open_notice(self.cipher, row["payload"].encode())
            for row in await self.rows(orm.plumbing.outbox)
            if row["topic"] == channel
        ]

    async def statuses(self) -> list[dict[str, Any]]:
        return [
            json.loads(row["payload"])
            for row in await self.rows(orm.plumbing.outbox)
            if row["event_type"].endswith("notice_status_changed.v1")
        ]


async def harness(tmp_path: Path, letters: Letters | None = None) -> Harness:
    url = f"sqlite+aiosqlite:///{tmp_path / 'n.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_async_engine(url)
    cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
    register = MemoryRegister()

    def unit_of_work(delivery: Delivery | None) -> NotificationUnitOfWork:
        return NotificationUnitOfWork(
            session_factory(engine),
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translator(cipher),
            clock=FrozenClock(NOW),
            delivery=delivery,
            cipher=cipher,
            register=register,
            letters=letters or TemplateLetters(),
        )

    bus = MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )
    seal = ContactSeal(Keyring.from_setting(f"c1:{generate_key()}"))
    return Harness(engine, bus, cipher, seal, register)


def party(
    seal: ContactSeal,
    party_id: str,
    role: PartyRole,
    *,
    name: str,
    national_id: str | None = None,
    email: str | None = None,
    language: str = "nb",
    is_minor: bool = False,
    guardian_of: str | None = None,
    case_id: str = CASE,
) -> PartyRef:
    details = ContactDetails(name=name, national_id=national_id, email=email, language=language)
    return PartyRef(
        party_id=party_id,
        role=role,
        is_minor=is_minor,
        guardian_of=guardian_of,
        sealed_contact=seal.seal(details, case_id=case_id, party_id=party_id),
    )


def case_parties(seal: ContactSeal, case_id: str = CASE) -> list[PartyRef]:
    """A minor offender with one guardian (English-speaking), and an adult victim."""
    return [
        party(
            seal,
            "offender",
            PartyRole.OFFENDER,
            name="Synthetic Offender",
            national_id=OFFENDER_ID,
            is_minor=True,
            case_id=case_id,
        ),
        party(
            seal,
            "guardian-offender-1",
            PartyRole.GUARDIAN,
            name="Synthetic Guardian",
            email="verge@example.no",
            language="en",
            guardian_of="offender",
            case_id=case_id,
        ),
        party(
            seal,
            "victim-1",
            PartyRole.VICTIM,
            name="Synthetic Victim",
            national_id=VICTIM_ID,
            case_id=case_id,
        ),
    ]


def reachable_register(register: MemoryRegister) -> None:
    register.people[OFFENDER_ID] = RegisterEntry(opted_out=False, email="offender@example.no")
    register.people[VICTIM_ID] = RegisterEntry(opted_out=False, email="victim@example.no")


STARTS = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 10:00 in Oslo


async def registered_case(tmp_path: Path) -> Harness:
    """A harness whose contact book knows case-1's parties, all reachable by e-mail."""
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
