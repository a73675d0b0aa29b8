"""The case table round trip on a migrated database: civil cases, corrections, moves, the
audit trail, and the search a case officer runs — all with personal data sealed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from referral_civil import filing
from referral_transfers import NOW, transfer
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import referral
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.inbox import Delivery
from konfliktrad_shared.messagebus import MessageBus
from konfliktrad_shared.migrations import upgrade_to_head
from referral import handlers
from referral.adapters import orm, outbound
from referral.adapters.repository import CaseFilter
from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.bootstrap import SOURCE
from referral.domain import commands
from referral.domain.model import ReferralCase
from referral.domain.vocabulary import CaseStatus
from referral.views import CaseViews

MIGRATIONS = Path(referral.__file__).parent / "migrations"
CIPHER = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
INDEXER = BlindIndexer.from_setting(generate_key())
OSLO = frozenset({"konfliktradet-oslo"})


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'referral.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


def bus_on(engine: AsyncEngine) -> MessageBus:
    seal = ContactSeal(Keyring.from_setting(f"c1:{generate_key()}"))

    def unit_of_work(delivery: object = None) -> ReferralUnitOfWork:
        return ReferralUnitOfWork(
            session_factory(engine),
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translator(seal),
            clock=FrozenClock(NOW),
            cipher=CIPHER,
            indexer=INDEXER,
        )

    return MessageBus(
        uow_factory=unit_of_work,
        command_handlers=handlers.COMMAND_HANDLERS,
        event_handlers=handlers.EVENT_HANDLERS,
    )


async def test_a_civil_case_decided_and_moved_reads_back_with_its_audit_trail(
    engine: AsyncEngine,
) -> None:
    bus, views = bus_on(engine), CaseViews(session_factory(engine), CIPHER, INDEXER)
    filed: ReferralCase = await bus.handle(commands.RegisterCivilCase(**vars(filing())))
    case_id = filed.case_id
    await bus.handle(commands.DecideSuitability(case_id, True, "", "leder-1"))
    move = commands.ProposeMove(case_id, "konfliktradet-oslo", True, "the claimant moved", "sb-1")
    await bus.handle(move)
    await bus.handle(commands.AnswerMove(case_id, False, "no capacity", "sb-oslo"))

    stored = await views.case(case_id)
    assert stored is not None and stored.status is CaseStatus.REGISTERED
    assert stored.civil_parties == filed.civil_parties
    assert stored.pending_move is not None and stored.pending_move.reason == "the claimant moved"
    trail = await views.audit_trail(case_id)
    assert [(e.actor, e.action) for e in trail] == [
        ("saksbehandler-1", "filed"),
        ("leder-1", "found_suitable"),
        ("sb-1", "move_proposed"),
        ("sb-oslo", "move_disputed"),
    ]
    async with engine.connect() as connection:
        dump = json.dumps(
            [dict(row) for table in (orm.cases, orm.audit_entries, orm.plumbing.outbox)
             for row in (await connection.execute(select(table))).mappings()],
            default=str,
        )  # fmt: skip
    assert "Synthetic Party" not in dump and "the claimant moved" not in dump


async def test_a_correction_is_saved_and_a_redelivery_is_not(engine: AsyncEngine) -> None:
    bus, views = bus_on(engine), CaseViews(session_factory(engine), CIPHER, INDEXER)
    first: ReferralCase = await bus.handle(transfer())
    await bus.handle(transfer())
    await bus.handle(transfer(execution_months=9))

    stored = await views.case(first.case_id)
    assert stored is not None and stored.execution_months == 9
    trail = await views.audit_trail(first.case_id)
    assert [(e.action, e.detail) for e in trail] == [
        ("registered", ""),
        ("corrected", "execution_months"),
    ]


async def test_a_batch_registers_and_corrects_as_one_message_at_a_time_would(
    engine: AsyncEngine,
) -> None:
    bus, views = bus_on(engine), CaseViews(session_factory(engine), CIPHER, INDEXER)
    earlier: ReferralCase = await bus.handle(transfer(sender_reference="POL-0"))
    reads: list[str] = []

    def executed(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        reads.extend([statement] if "\nFROM cases" in statement else [])

    event.listen(engine.sync_engine, "before_cursor_execute", executed)
    await bus.handle_batch(
        [
            (transfer(sender_reference="POL-1"), Delivery("referral", "e1")),
            (transfer(sender_reference="POL-1", execution_months=9), Delivery("referral", "e2")),
            (transfer(sender_reference="POL-0", execution_months=9), Delivery("referral", "e3")),
            (transfer(sender_reference="POL-2"), Delivery("referral", "e4")),
        ]
    )
    event.remove(engine.sync_engine, "before_cursor_execute", executed)

    found = {c.sender_reference: c for c in await views.search(CaseFilter(OSLO))}
    assert sorted(found) == ["POL-0", "POL-1", "POL-2"], "a correction in the batch is no case"
    assert found["POL-0"].case_id == earlier.case_id
    assert found["POL-0"].execution_months == found["POL-1"].execution_months == 9
    trail = await views.audit_trail(found["POL-1"].case_id)
    assert [e.action for e in trail] == ["registered", "corrected"]
    assert len(reads) == 1, "the batch's references are read at once"


async def test_a_case_officer_finds_only_the_cases_of_the_offices_in_the_token(
    engine: AsyncEngine,
) -> None:
    bus, views = bus_on(engine), CaseViews(session_factory(engine), CIPHER, INDEXER)
    oslo: ReferralCase = await bus.handle(transfer())
    await bus.handle(transfer(sender_reference="POL-2", office="konfliktradet-vestland"))

    assert [
        c.case_id for c in await views.search(CaseFilter(frozenset({"konfliktradet-oslo"})))
    ] == [oslo.case_id]
    both = CaseFilter(frozenset({"konfliktradet-oslo", "konfliktradet-vestland"}))
    assert len(await views.search(both)) == 2
    assert (
        await views.search(
            CaseFilter(frozenset({"konfliktradet-oslo"}), status=CaseStatus.REJECTED)
        )
        == []
    )
