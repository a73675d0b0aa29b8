"""A candidate's personal facts to and from one sealed text (FieldCipher, AES-GCM)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from konfliktrad_shared.crypto import FieldCipher
from vetting.domain.position import Position
from vetting.domain.record import Reaction, RecordEntry, Term
from vetting.domain.vocabulary import Candidate

TABLE, COLUMN = "applications", "candidate_sealed"


def seal(cipher: FieldCipher, candidate: Candidate) -> str:
    return cipher.encrypt(json.dumps(asdict(candidate), default=str), table=TABLE, column=COLUMN)


def unseal(cipher: FieldCipher, sealed: str) -> Candidate:
    facts: dict[str, Any] = json.loads(cipher.decrypt(sealed, table=TABLE, column=COLUMN))
    return Candidate(
        **{
            **facts,
            "birth_date": date.fromisoformat(facts["birth_date"]),
            "resident_since": _date(facts["resident_since"]),
            "position": Position(facts["position"]),
            "record": tuple(_entry(entry) for entry in facts["record"]),
            "police_certificate_received_on": _date(facts.get("police_certificate_received_on")),
        }
    )


def _entry(facts: dict[str, Any]) -> RecordEntry:
    return RecordEntry(
        reaction=Reaction(facts["reaction"]),
        final_on=_date(facts["final_on"]),
        child_sexual_abuse=facts["child_sexual_abuse"],
        punishable_over_one_year=facts["punishable_over_one_year"],
        unconditional=Term(**facts["unconditional"]),  # sealed before `years`: 0 years
        suspended=Term(**facts["suspended"]),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
