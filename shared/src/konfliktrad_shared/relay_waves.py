"""Which of a claimed batch's rows may go, and in what waves, so a key's rows keep their order.

A batch may hold several rows of one key (a decision that wrote three events of one case):
each is claimed with the number of that key's unpublished rows before it (`earlier_unsent`).
A row may go only if all of those are in the batch too (`sendable`): one that is not (claimed
by another relay, which skipped the rest of the key with its lock) holds it back. The rows
then go in waves (`waves`): each key's first row in the first, its second once the first was
acknowledged, and so on; a key whose row failed sends nothing more in the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row


def sendable(rows: Sequence[Row[Any]]) -> list[Row[Any]]:
    """The rows (in id order) whose key's earlier unpublished rows all precede them here."""
    kept: dict[str, int] = {}
    held: set[str] = set()
    going = []
    for row in sorted(rows, key=lambda row: row.id):
        key = row.message_key
        if key in held or int(row.earlier_unsent) != kept.get(key, 0):
            held.add(key)
            continue
        kept[key] = kept.get(key, 0) + 1
        going.append(row)
    return going


def waves(rows: Sequence[Row[Any]]) -> list[list[Row[Any]]]:
    """The n-th wave holds the n-th row of each key, in id order."""
    seen: dict[str, int] = {}
    out: list[list[Row[Any]]] = []
    for row in rows:
        position = seen.get(row.message_key, 0)
        seen[row.message_key] = position + 1
        if position == len(out):
            out.append([])
        out[position].append(row)
    return out
