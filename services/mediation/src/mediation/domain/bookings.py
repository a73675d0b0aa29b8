"""A mediator cannot be in two meetings at once: a meeting is not booked for a mediator who
already has a meeting, in this case or another of the office's, at that time.

Reading: the Act leaves the assignment of mediators to the office (§14); it names no
double-booking rule, but a mediator who is elsewhere cannot mediate. A meeting holds its
mediators for MEETING_SLOT from its start (meetings carry no end), so two starts less than
that apart collide. A meeting whose outcome is recorded no longer holds anyone. The roster
(appointed, of the office, in term: `mediators.must_be_able_to_mediate`) is checked beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from mediation.domain.errors import RuleViolation
from mediation.domain.terms import NORWAY

MEETING_SLOT = timedelta(hours=2)
BOOKING = "konfliktrådsloven §14"


def must_be_free(
    mediator_ids: Iterable[str], starts_at: datetime, booked: Mapping[str, Sequence[datetime]]
) -> None:
    for mediator_id in mediator_ids:
        for other in booked.get(mediator_id, ()):
            if abs(other - starts_at) < MEETING_SLOT:
                local = other.astimezone(ZoneInfo(NORWAY)).strftime("%d.%m.%Y %H:%M")
                raise RuleViolation(
                    legal_basis=BOOKING,
                    reason=f"{mediator_id} is already booked for a meeting at {local} "
                    f"(a meeting holds its mediators for {_hours(MEETING_SLOT)} hours)",
                )


def _hours(slot: timedelta) -> int:
    return int(slot.total_seconds() // 3600)
