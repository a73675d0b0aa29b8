"""A protected address on its way from the police's referral to the letters: the level
Folkeregisteret gave travels with the address, sealed, from referral to notification, and
nothing on the way shows either in the clear."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

import referral
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.contracts import agencies
from konfliktrad_shared.contracts import referral as referral_contract
from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.migrations import upgrade_to_head
from notification.domain.commands import RememberParties
from notification.entrypoints.consumers import commands_for
from referral.adapters import orm, outbound
from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.bootstrap import SOURCE
from referral.config import ReferralSettings
from referral.domain.model import ReferralCase
from referral.entrypoints.consumers import to_command

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OFFENDER_ID, VICTIM_ID = "14831051222", "01861251256"  # synthetic; both under 18
REGISTERED = referral_contract.ReferralRegistered.event_type
HIDDEN = "Skjulestien 17 B, 1337 Sandvika"

TRANSFER = {
    "sender_reference": "POL-HIDDEN-1",
    "sender": "Oslo politidistrikt",
    "reaction": "follow_up",
    "execution_months": 12,
    "no_new_crimes_condition": True,
    "decision_basis": "strpl_71a",
    "decided_by": "prosecution",
    "office": "konfliktradet-oslo",
    "offence_date": "2026-09-01",
    "decided_on": "2026-10-15",
    "offender": {
        "national_id": OFFENDER_ID,
        "name": "Synthetic Offender",
        "municipality": "0301",
        "consents": True,
        "acknowledges_guilt": True,
        "guardians": [{"name": "Synthetic G", "email": "g@example.no", "consents": True}],
    },
    "victims": [
        {
            "national_id": VICTIM_ID,
            "name": "Synthetic Victim",
            "consents": True,
            "postal_address": HIDDEN,
            "address_protection": "strengt_fortrolig",
            "guardians": [
                {
                    "name": "Synthetic Victim's Guardian",
                    "email": "vg@example.no",
                    "consents": True,
                    "postal_address": HIDDEN,
                    "address_protection": "strengt_fortrolig",
                }
            ],
        }
    ],
}


async def test_the_protection_level_survives_the_hop_from_referral_to_notification(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'referral.sqlite3'}"
    migrations = Path(referral.__file__).parent / "migrations"
    await asyncio.to_thread(upgrade_to_head, migrations, url)
    engine = create_async_engine(url)
    seal = ContactSeal(Keyring.from_setting(f"c1:{generate_key()}"))
    cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
    indexer = BlindIndexer.from_setting(generate_key())

    def unit_of_work() -> ReferralUnitOfWork:
        return ReferralUnitOfWork(
            session_factory(engine),
            tables=orm.plumbing,
            source=SOURCE,
            outbound=outbound.translator(seal),
            clock=FrozenClock(NOW),
            cipher=cipher,
            indexer=indexer,
        )

    settings = ReferralSettings(database_url=url, accept_synthetic_national_ids=True)
    transfer = agencies.CaseTransferred.model_validate(TRANSFER)
    case = ReferralCase.receive(
        to_command(transfer, settings, "police-oslo"), case_id="c1", now=NOW
    )
    async with unit_of_work() as uow:
        await uow.cases.add(case)
        await uow.commit()
    async with unit_of_work() as uow:
        stored = await uow.cases.get("c1")
    async with engine.connect() as connection:
        stored_rows = [
            *(await connection.execute(select(orm.cases))).mappings(),
            *(await connection.execute(select(orm.plumbing.outbox))).mappings(),
        ]
    await engine.dispose()

    assert stored is not None
    assert stored.victims[0].address_protection is AddressProtection.STRICTLY_CONFIDENTIAL
    assert stored.victims[0].postal_address == HIDDEN
    for row in stored_rows:  # at rest and in the event: sealed, the level too
        text = json.dumps(dict(row), default=str)
        assert "Skjulestien" not in text and "1337" not in text and "strengt" not in text
    [outbox_row] = [r for r in stored_rows if r.get("event_type") == REGISTERED]
    event = referral_contract.ReferralRegistered.model_validate_json(outbox_row["payload"])

    command = commands_for(seal)[referral_contract.ReferralRegistered](event, "ce-1")

    assert isinstance(command, RememberParties)
    contacts = {a.party.party_id: a.contact for a in command.addressees}
    victim, offender = contacts["victim-1"], contacts["offender"]
    assert victim is not None and offender is not None
    assert (victim.address_protection, victim.postal_address) == ("strengt_fortrolig", HIDDEN)
    guardian = contacts["guardian-victim-1-1"]
    assert guardian is not None and guardian.address_protection == "strengt_fortrolig"
    assert offender.address_protection == "ugradert"
