"""The inbound contract stays backward compatible, victims reach the domain, and their personal
data is sealed at rest like the offender's (§9)."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
import pytest_asyncio
from pydantic import ValidationError
from referral_transfers import NOW, guardian, transfer, victim
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

import referral
from konfliktrad_shared.clock import FrozenClock
from konfliktrad_shared.contact_seal import ContactSeal
from konfliktrad_shared.contracts import agencies
from konfliktrad_shared.crypto import BlindIndexer, FieldCipher, Keyring, generate_key
from konfliktrad_shared.db import session_factory
from konfliktrad_shared.messaging import PoisonMessage
from konfliktrad_shared.migrations import upgrade_to_head
from referral.adapters import orm, outbound
from referral.adapters.unit_of_work import ReferralUnitOfWork
from referral.bootstrap import SOURCE
from referral.config import ReferralSettings
from referral.domain import vocabulary
from referral.domain.corrections import field_digests
from referral.domain.model import ReferralCase
from referral.entrypoints.consumers import to_command

MIGRATIONS = Path(referral.__file__).parent / "migrations"
OFFENDER_ID, VICTIM_ID = "14831051222", "01861251256"  # synthetic: born 2010-03-14, 2012-06-01

TODAYS_MESSAGE = {
    "sender_reference": "POL-1",
    "sender": "Oslo politidistrikt",
    "reaction": "youth_follow_up",
    "decision_basis": "strpl_71a",
    "office": "konfliktradet-oslo",
    "offence_date": "2026-09-01",
    "decided_on": "2026-10-15",
    "execution_months": 12,
    "offender": {
        "national_id": OFFENDER_ID,
        "name": "Synthetic Offender",
        "municipality": "0301",
        "consents": True,
        "acknowledges_guilt": True,
        "guardians": [{"name": "Synthetic G", "email": "g@example.no", "consents": True}],
    },
}


def settings(tmp_path: Path, synthetic: bool = True) -> ReferralSettings:
    return ReferralSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'r.sqlite3'}",
        accept_synthetic_national_ids=synthetic,
    )


def with_victims(**changes: object) -> agencies.CaseTransferred:
    return agencies.CaseTransferred.model_validate(
        {
            **TODAYS_MESSAGE,
            "reaction": "follow_up",
            "decided_by": "prosecution",
            "victims": [
                {
                    "national_id": VICTIM_ID,
                    "name": "Synthetic Victim",
                    "consents": True,
                    "guardians": [
                        {
                            "name": "Synthetic V",
                            "email": "v@example.no",
                            "consents": False,
                            "unable_to_act": True,
                        }
                    ],
                }
            ],
            **changes,
        }
    )


def test_todays_message_is_still_valid_and_infers_the_rest(tmp_path: Path) -> None:
    event = agencies.CaseTransferred.model_validate(TODAYS_MESSAGE)
    command = to_command(event, settings(tmp_path), "police-oslo")
    assert (command.decided_by, command.condition, command.victims) == (None, None, ())
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    assert case.decided_by is vocabulary.DecisionMaker.PROSECUTION


@pytest.mark.parametrize("letter", ["hh", "H", "1", ""])
def test_strl_53_no3_a_condition_that_is_not_one_letter_cannot_be_read(letter: str) -> None:
    with pytest.raises(ValidationError):
        agencies.CaseTransferred.model_validate({**TODAYS_MESSAGE, "condition": letter})


def test_strl_53_no3_any_one_letter_is_read_and_the_rules_refuse_the_wrong_one(
    tmp_path: Path,
) -> None:
    event = agencies.CaseTransferred.model_validate(
        {**TODAYS_MESSAGE, "decision_basis": "strl_53_no3", "condition": "j"}
    )
    command = to_command(event, settings(tmp_path), "police-oslo")
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    assert case.rejection_basis == "straffeloven §53 no. 3 (i)"
    assert case.rejection_reason and "not (j)" in case.rejection_reason
    assert case.condition is None  # the case keeps only a letter a row rests on


def test_par11_victims_reach_the_command_with_a_birth_date_from_the_national_id(
    tmp_path: Path,
) -> None:
    command = to_command(with_victims(), settings(tmp_path), "police-oslo")
    (victim_in,) = command.victims
    assert victim_in.birth_date == date(2012, 6, 1)
    assert victim_in.guardians[0].unable_to_act
    assert command.decided_by is vocabulary.DecisionMaker.PROSECUTION
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    assert case.temporary_guardian_needed


def test_a_synthetic_victim_national_id_is_refused_where_not_accepted(tmp_path: Path) -> None:
    with pytest.raises(PoisonMessage):
        to_command(with_victims(), settings(tmp_path, False), "police-oslo")


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'referral.sqlite3'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


@pytest.mark.asyncio
async def test_par9_victims_are_sealed_at_rest_and_read_back(engine: AsyncEngine) -> None:
    cipher = FieldCipher(Keyring.from_setting(f"k1:{generate_key()}"))
    indexer = BlindIndexer.from_setting(generate_key())
    seal = ContactSeal(Keyring.from_setting(f"c1:{generate_key()}"))

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

    minor = victim(
        national_id=VICTIM_ID,
        birth_date=date(2012, 6, 1),
        guardians=(guardian(unable_to_act=True),),
    )
    command = transfer(
        reaction=vocabulary.Reaction.FOLLOW_UP, victims=(minor,), no_new_crimes_condition=True
    )
    case = ReferralCase.receive(command, case_id="c1", now=NOW)
    uow = unit_of_work()
    async with uow:
        await uow.cases.add(case)
        await uow.commit()

    async with engine.connect() as connection:
        row = (await connection.execute(select(orm.cases))).mappings().one()
        outbox = (await connection.execute(select(orm.plumbing.outbox))).mappings().all()
    for stored_row in (row, *outbox):
        assert VICTIM_ID not in json.dumps(dict(stored_row), default=str)
        assert "Synthetic" not in json.dumps(dict(stored_row), default=str)
    registered = json.loads(outbox[0]["payload"])
    victim_ref = next(p for p in registered["parties"] if p["party_id"] == "victim-1")
    assert victim_ref["is_minor"] and victim_ref["role"] == "victim"
    contact = seal.open(victim_ref["sealed_contact"], case_id="c1", party_id="victim-1")
    assert contact.national_id == VICTIM_ID

    uow = unit_of_work()
    async with uow:
        stored = await uow.cases.get("c1")
    assert stored is not None
    assert stored.victims == (minor,)
    assert (stored.decided_by, stored.temporary_guardian_needed) == (
        vocabulary.DecisionMaker.PROSECUTION,
        True,
    )
    assert stored.no_new_crimes_condition and stored.execution_ends_on == date(2027, 10, 15)


def test_a_referral_sent_again_matches_the_digests_kept_before_letters_were_read_as_text() -> None:
    kept_before = hashlib.sha256(repr(vocabulary.Condition.H).encode()).hexdigest()[:32]
    assert field_digests(transfer(condition="h"))["condition"] == kept_before
