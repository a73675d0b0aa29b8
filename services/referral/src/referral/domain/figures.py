"""The office's intake in figures, per Norwegian month: every case the office received, by
kind (criminal, civil), and the cases closed at intake, by outcome, with the days from receipt.
Counts and averages only.

Our readings: a case is *received* when referral recorded it; it is *closed at intake* when
it was rejected (§10 first para, §8: the leader found it unsuitable, or the Act turned it
away) or withdrawn. A case registered onward is closed where it is handled (mediation's and
youth_plan's own figures); referral holds no meetings, so it reports no days to one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from konfliktrad_shared.office_figures import Tally


@dataclass(frozen=True)
class IntakeFacts:
    kind: str
    received_at: datetime
    rejected_at: datetime | None = None
    withdrawn_on: date | None = None


def per_month(office: str, cases: Iterable[IntakeFacts]) -> dict[str, Any]:
    tally = Tally()
    for case in cases:
        tally.received(case.received_at, case.kind)
        if case.rejected_at is not None:
            tally.closed(case.received_at, case.rejected_at, "rejected")
        elif case.withdrawn_on is not None:
            withdrawn = datetime.combine(case.withdrawn_on, time(12), tzinfo=UTC)
            tally.closed(case.received_at, withdrawn, "withdrawn")
    return tally.report(office)
