"""Retention by category: how long each kind of personal data is kept, and on what basis.

Each service's `domain/retention.py` writes its categories down as `Kept` rows — period and
provision side by side, so the docs (docs/retention.md), the tests named after the provisions
and the sweep read one table. The sweep itself is an `Erasure` per category (in
`housekeeping`), run by the shared housekeeper in the service's own database transaction.

Expired data is erased (deleted, or its identifying columns set to NULL where the row must
stay for statistics or as the target of audit entries) rather than crypto-shredded: the field
cipher holds one keyring per service, not a key per case, and moving every sealed column to
per-case keys is a migration of all stored ciphertext, which erasure does not need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from konfliktrad_shared.legal_time import add_months, norwegian_date


@dataclass(frozen=True)
class Kept:
    """One category of personal data: kept `months` after the event `counted_from`."""

    category: str
    months: int
    counted_from: str
    provision: str
    reading: str
    """How the office reads the provision where the law leaves room (empty: it says so)."""

    def expired_before(self, now: datetime) -> date:
        """Rows whose counting event fell before this day have expired at `now`."""
        return add_months(norwegian_date(now), -self.months)


@dataclass(frozen=True)
class Stays:
    """What retention never erases, and why."""

    category: str
    provision: str


def by_category(table: tuple[Kept, ...]) -> dict[str, Kept]:
    categories = [kept.category for kept in table]
    if len(set(categories)) != len(categories):
        raise ValueError("a retention table names a category twice")
    return {kept.category: kept for kept in table}
