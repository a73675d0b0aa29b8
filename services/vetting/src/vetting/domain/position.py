"""Exclusion by position (konfliktrådsloven §7): mediators only, and not while on leave."""

from __future__ import annotations

from enum import StrEnum

from vetting.domain.requirements import Finding


class Position(StrEnum):
    NONE = "none"
    PROSECUTOR = "prosecutor"  # prosecution staff with prosecuting authority
    POLICE = "police"  # police staff with police authority
    POLICE_STUDENT = "police_student"  # police college student in the practice year


EXCLUDED = frozenset({Position.PROSECUTOR, Position.POLICE, Position.POLICE_STUDENT})


def not_excluded_by_position(position: Position, *, on_leave: bool) -> list[Finding]:
    if position not in EXCLUDED:
        return []
    if on_leave:
        return []  # §7 second para: the exclusion does not apply during leave
    return [
        Finding(
            "konfliktrådsloven §7 first para",
            f"in the position {position.value!r} and not on leave from it",
            None,
        )
    ]
