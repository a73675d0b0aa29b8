"""Telling a corrected referral from a redelivered one.

Each field of the sender's referral is kept as a digest; a referral with the same sender
reference whose digests all match is the same referral delivered again, otherwise it is a
correction and the fields whose digests differ are what changed. The digests are sealed at
rest with the rest of the personal data: a bare hash of a national id could be guessed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import fields

from referral.domain.commands import RegisterTransferredCase
from referral.domain.vocabulary import Condition

# Changing these would send the case to another service or rest it on another decision:
# the sender withdraws and sends a new referral instead.
ROUTING_FIELDS = frozenset({"reaction", "decision_basis", "decided_by", "condition"})


# Who the case is and who sent it, not what it says: a change here is never a correction.
IDENTITY_FIELDS = frozenset({"sender_reference", "sender_principal"})


def field_digests(cmd: RegisterTransferredCase) -> dict[str, str]:
    return {
        field.name: hashlib.sha256(repr(_as_stored(field.name, cmd)).encode()).hexdigest()[:32]
        for field in fields(cmd)
        if field.name not in IDENTITY_FIELDS
    }


def _as_stored(name: str, cmd: RegisterTransferredCase) -> object:
    """The value as earlier digests saw it: the condition letter was an enum before any letter
    could be read, and a case's digests must still match the same referral sent again."""
    value = getattr(cmd, name)
    if name == "condition" and value in {letter.value for letter in Condition}:
        return Condition(value)
    return value


def changed_fields(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(
        sorted(name for name in after.keys() | before.keys() if before.get(name) != after.get(name))
    )
