"""Personal data to and from the sealed columns: JSON inside AES-GCM, bound to the column."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from konfliktrad_shared.contracts.parties import AddressProtection
from konfliktrad_shared.crypto import FieldCipher
from referral.domain.vocabulary import CivilParty, Guardian, Offender, Victim


class Sealer:
    def __init__(self, cipher: FieldCipher, table: str = "cases") -> None:
        self._cipher = cipher
        self._table = table

    def seal(self, column: str, value: Any) -> str:
        text = json.dumps(value, default=_iso)
        return self._cipher.encrypt(text, table=self._table, column=column)

    def seal_optional(self, column: str, value: Any) -> str | None:
        return None if value is None else self.seal(column, value)

    def open(self, column: str, sealed: str | None) -> Any:
        if sealed is None:
            return None
        return json.loads(self._cipher.decrypt(sealed, table=self._table, column=column))


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot seal {type(value).__name__}")


def to_plain(person: Offender | Victim | CivilParty) -> dict[str, Any]:
    return asdict(person)


def _protection(plain: dict[str, Any]) -> dict[str, Any]:
    # Sealed before the level existed: such a person's address was never protected.
    level = plain.get("address_protection", AddressProtection.UNGRADED)
    return {**plain, "address_protection": AddressProtection(level)}


def _guardians(plain: dict[str, Any]) -> tuple[Guardian, ...]:
    return tuple(Guardian(**_protection(guardian)) for guardian in plain.get("guardians", ()))


def _birth_date(plain: dict[str, Any]) -> date | None:
    value = plain.get("birth_date")
    return date.fromisoformat(value) if value else None


def offender_from(plain: dict[str, Any]) -> Offender:
    birth_date = _birth_date(plain)
    assert birth_date is not None  # an offender's birth date comes from the national id
    return Offender(
        **{**_protection(plain), "birth_date": birth_date, "guardians": _guardians(plain)}
    )


def victim_from(plain: dict[str, Any]) -> Victim:
    return Victim(
        **{**_protection(plain), "birth_date": _birth_date(plain), "guardians": _guardians(plain)}
    )


def civil_party_from(plain: dict[str, Any]) -> CivilParty:
    return CivilParty(
        **{**_protection(plain), "birth_date": _birth_date(plain), "guardians": _guardians(plain)}
    )
