"""The next deadline a mediation case is waiting for, and the provision that sets it: what the
office's case list shows beside each case. Dates and provisions only, nothing personal.

- The withdrawal period (§18): while an approved agreement may still be withdrawn, its end
  (§18 first para for prosecution-referred cases, counted as `withdrawal.withdrawal_ends_at`
  counts it; the parties' own deadline in a civil case, §18 second para).
- A performance's due date (§17 fourth para) in an agreement in force, neither fulfilled nor
  breached: the day the complainant tells the office whether it was met (§20 third para).

The earliest of these wins. A due date already past stays the next deadline until the
agreement is reported fulfilled or breached: the list then shows it as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from konfliktrad_shared.legal_time import norwegian_date
from mediation.domain import withdrawal

if TYPE_CHECKING:
    from mediation.domain.model import MediationCase

WITHDRAWAL_CRIMINAL = withdrawal.PERIOD
WITHDRAWAL_CIVIL = "konfliktrådsloven §18 second para"
PERFORMANCE_DUE = "konfliktrådsloven §17 fourth para"


@dataclass(frozen=True)
class NextDeadline:
    case_id: str
    due_on: date
    what: str  # withdrawal_period_ends, performance_due
    legal_basis: str


def next_deadline(case: MediationCase) -> NextDeadline | None:
    found: list[NextDeadline] = []
    for agreement in case.agreements:
        if not agreement.in_force or agreement.fulfilled_at or agreement.breached_at:
            continue
        if agreement.withdrawal_ends_at is not None and not agreement.withdrawal_period_over:
            ends = agreement.withdrawal_ends_at
            # the criminal period's end is exclusive (the first instant after the last day)
            last_day = norwegian_date(ends - timedelta(microseconds=1) if case.criminal else ends)
            found.append(
                NextDeadline(
                    case.case_id,
                    last_day,
                    "withdrawal_period_ends",
                    WITHDRAWAL_CRIMINAL if case.criminal else WITHDRAWAL_CIVIL,
                )
            )
        for performance in agreement.performances:
            found.append(
                NextDeadline(case.case_id, performance.due_on, "performance_due", PERFORMANCE_DUE)
            )
    return min(found, key=lambda deadline: deadline.due_on) if found else None
